package io.meridian.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** samples/housing.csv (used by the README's housing example) is exactly the seeded generator's output. */
class HousingSampleTest {
    static final Path SAMPLES = Path.of("..", "samples");

    @Test
    void housingCsvIsTheSeededGeneratorOutput() throws IOException {
        assertArrayEquals(HousingData.csv(1000, 42).getBytes(StandardCharsets.UTF_8),
            Files.readAllBytes(SAMPLES.resolve("housing.csv")),
            "samples/housing.csv differs from HousingData.csv(1000, 42); regenerate it");
    }
}
