package io.meridian.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every read of ingest-service's REST API needs a token with role reader or writer: none is 401, a token with
 * neither role 403 (both problem+json), a reader or a writer-only token gets the answer. (The /q/health, /q/metrics
 * and /q/openapi endpoints stay open: HealthTest calls them without a token.)
 */
@QuarkusTest
class ReadAuthorizationTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String DATASET = "read-auth";
    private static final String UNKNOWN_RUN = "00000000-0000-0000-0000-00000000abcd";

    @BeforeEach
    void dataset() {
        TestContracts.createChurn(DATASET);
    }

    @ParameterizedTest
    @CsvSource({
        "/v1/datasets/" + DATASET + ", 200",
        "/v1/datasets/" + DATASET + "/versions, 200",
        "/v1/datasets/" + DATASET + "/versions/1, 200",
        "/v1/datasets/" + DATASET + "/records, 200",
        "/v1/datasets/" + DATASET + "/quarantine, 200",
        "/v1/datasets/" + DATASET + "/profile, 200",
        "/v1/runs/{run}, 404",
        "/v1/runs/{run}/lineage, 404",
        "/v1/sources, 200",
        "/v1/sources/read-auth-none, 404"})
    void readsNeedTheReaderOrWriterRole(String path, int answer) {
        String url = path.replace("{run}", UNKNOWN_RUN);
        given().when().get(url).then().statusCode(401).contentType(PROBLEM)
            .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2(TestTokens.token("test-auditor", "auditor")).when().get(url)
            .then().statusCode(403).contentType(PROBLEM).body("status", equalTo(403));
        given().auth().oauth2(TestTokens.reader()).when().get(url).then().statusCode(answer);
        // a writer may read, also with a token that lacks the reader role (the launcher's CLI token is such a one)
        given().auth().oauth2(TestTokens.token("test-writer-only", "writer")).when().get(url)
            .then().statusCode(answer);
    }
}
