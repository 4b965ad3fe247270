package io.meridian.ingest.messaging;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import net.jpountz.lz4.LZ4Factory;

/**
 * Loads lz4-java's native (JNI) codec at start-up, so the {@code RecordIngested} producer
 * ({@code compression.type=lz4}) compresses its batches natively.
 *
 * <p>Kafka's LZ4 stream asks {@link LZ4Factory#fastestInstance()} for a compressor on every produce batch. That
 * method only tries the native library when it is already loaded or when lz4-java sits on the system class loader;
 * in a Quarkus application it does not, so every batch was compressed by the pure-Java codec, which cost the
 * ingestion thread about a tenth of its CPU in the 1M-row benchmark. Loading the library once here makes
 * {@code fastestInstance()} return the native codec from then on. Where the library cannot be loaded (another
 * platform, or a second application class loader in the same JVM, as in tests), the Java codec stays in use: it
 * produces the same LZ4 frames, only slower.
 */
@ApplicationScoped
public class NativeLz4 {
    private static final Logger LOG = Logger.getLogger(NativeLz4.class);

    void onStart(@Observes StartupEvent event) {
        LOG.debugf("LZ4 codec for Kafka batches: %s", load());
    }

    /** The codec Kafka's LZ4 stream gets from now on: {@code LZ4Factory:JNI} when the native library loaded. */
    static String load() {
        try {
            LZ4Factory.nativeInstance();
        } catch (LinkageError | RuntimeException e) {
            LOG.infof("native LZ4 unavailable (%s); Kafka batches are compressed by the Java codec", e.toString());
        }
        return LZ4Factory.fastestInstance().toString();
    }
}
