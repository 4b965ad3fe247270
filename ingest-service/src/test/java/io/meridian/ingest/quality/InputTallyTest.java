package io.meridian.ingest.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.meridian.ingest.service.IngestionService.InputTally;

class InputTallyTest {
    @Test
    void countsAndDigestsEverythingReadThroughTheWrapper() throws Exception {
        byte[] input = "id,age\nC1,30\n".getBytes(StandardCharsets.UTF_8);
        InputTally tally = new InputTally();
        try (InputStream in = tally.wrap(new ByteArrayInputStream(input))) {
            in.read();
            in.readAllBytes();
        }
        assertEquals(input.length, tally.bytesRead());
        assertEquals(QuarantineResourceTest.sha256("id,age\nC1,30\n"), tally.sha256Hex());
        assertNull(new InputTally().sha256Hex());
    }
}
