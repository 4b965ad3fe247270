package io.meridian.ingest;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;

import io.meridian.testing.TestTokens;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * REST Assured requests with the test tokens. Every ingest-service endpoint outside {@code /q/*} needs a token:
 * reads role {@code reader} (or {@code writer}), changes role {@code writer}.
 */
public final class TestRequests {
    private TestRequests() {
    }

    /** A request carrying a token with role {@code reader} only: enough for every read, for no change. */
    public static RequestSpecification asReader() {
        return given().auth().oauth2(TestTokens.reader());
    }

    /** Uploads {@code csv} (header row first) into {@code dataset} with a writer token. */
    public static ValidatableResponse uploadCsv(String dataset, String csv) {
        return given().auth().oauth2(TestTokens.writer()).contentType("text/csv")
            .body(csv.getBytes(StandardCharsets.UTF_8))
            .when().post("/v1/datasets/" + dataset + "/records").then();
    }
}
