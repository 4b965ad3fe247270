package io.meridian.ingest;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;

/**
 * Makes RestAssured send Content-Types as written: by default it appends {@code charset=ISO-8859-1} to text
 * types, and ingest-service reads a CSV body in the Content-Type's charset, as HTTP says. Tests that mean a
 * charset write it out.
 */
public class PlainContentTypes implements QuarkusTestBeforeEachCallback {
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.config = RestAssured.config().encoderConfig(
            EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false));
    }
}
