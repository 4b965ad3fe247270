package io.meridian.training.engine;

/** Derives independent, reproducible seeds from the job seed (SplitMix64 finaliser over seed and salt). */
final class Seeds {
    private Seeds() {
    }

    static long derive(long seed, long salt) {
        long z = seed + (salt + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
