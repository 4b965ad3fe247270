package io.meridian.ingest.source;

import static io.meridian.ingest.TestRequests.asReader;
import static io.meridian.ingest.source.SourceTestSupport.createDataset;
import static io.meridian.ingest.source.SourceTestSupport.delete;
import static io.meridian.ingest.source.SourceTestSupport.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The source registry API: roles, validation errors naming the field, conflicts, unknown sources. */
@QuarkusTest
class SourceResourceTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String VALID = """
        {"name":"%s","dataset":"registry_orders","type":"rest",
         "config":{"url":"http://127.0.0.1:9/orders","intervalMs":3600000,"requestRetries":0,
                   "retryBackoffMs":3600000},
         "mapping":{"order_id":"id"}}""";

    private static void badRequest(String body, String field) {
        writer().body(body).when().post("/v1/sources").then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo(field));
    }

    @Test
    void writesNeedTheWriterRole() {
        given().contentType(ContentType.JSON).body(VALID.formatted("anon")).when().post("/v1/sources")
            .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.reader()).contentType(ContentType.JSON).body(VALID.formatted("anon"))
            .when().post("/v1/sources").then().statusCode(403).contentType(PROBLEM);
        given().when().post("/v1/sources/anon/pause").then().statusCode(401);
        given().when().delete("/v1/sources/anon").then().statusCode(401);
        asReader().when().get("/v1/sources").then().statusCode(200);
    }

    @Test
    void createsListsPausesAndDeletesASource() {
        createDataset("registry_orders");
        writer().body(VALID.formatted("registry-api")).when().post("/v1/sources")
            .then().statusCode(201).header("Location", containsString("/v1/sources/registry-api"))
            .body("name", equalTo("registry-api")).body("type", equalTo("rest"))
            .body("dataset", equalTo("registry_orders")).body("mapping.order_id", equalTo("id"))
            .body("recordsRead", equalTo(0));
        writer().body(VALID.formatted("registry-api")).when().post("/v1/sources")
            .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("registry-api"));
        asReader().when().get("/v1/sources").then().statusCode(200).body("name", hasItem("registry-api"));
        writer().when().post("/v1/sources/registry-api/pause").then().statusCode(200)
            .body("status", equalTo("paused"));
        writer().when().post("/v1/sources/registry-api/resume").then().statusCode(200)
            .body("status", not(equalTo("paused")));
        delete("registry-api");
        asReader().when().get("/v1/sources/registry-api").then().statusCode(404).contentType(PROBLEM);
        writer().when().post("/v1/sources/registry-api/pause").then().statusCode(404);
        writer().when().delete("/v1/sources/registry-api").then().statusCode(404);
    }

    @Test
    void invalidSourcesAreRejectedNamingTheField() {
        createDataset("registry_orders");
        badRequest(VALID.formatted("Bad Name"), "name");
        badRequest(VALID.formatted("x").replace("\"rest\"", "\"ftp\""), "type");
        badRequest(VALID.formatted("x").replace("registry_orders", "no_such_dataset"), "dataset");
        badRequest(VALID.formatted("x").replace("http://127.0.0.1:9/orders", "ftp://host/x"), "config.url");
        badRequest(VALID.formatted("x").replace("\"intervalMs\":3600000", "\"intervalMs\":\"soon\""),
            "config.intervalMs");
        badRequest(VALID.formatted("x").replace("{\"order_id\":\"id\"}", "{\"order_id\":{\"timestamp\":\"later\"}}"),
            "mapping.order_id");
        badRequest("""
            {"name":"x","dataset":"registry_orders","type":"jdbc",
             "config":{"url":"jdbc:postgresql://h/db","query":"SELECT * FROM t","watermarkColumn":"u"}}""",
            "config.query");
        badRequest("""
            {"name":"x","dataset":"registry_orders","type":"kafka","config":{"format":"csv","topics":["t"]}}""",
            "config.columns");
        badRequest("""
            {"name":"x","dataset":"registry_orders","type":"mqtt","config":{"serverUri":"tcp://h:1883"}}""",
            "config.topics");
    }

    @Test
    void literalCredentialsAreRefusedAndNeverEchoed() {
        createDataset("registry_orders");
        String secret = "hunter2-literal";
        writer().body("""
            {"name":"x","dataset":"registry_orders","type":"jdbc",
             "config":{"url":"jdbc:postgresql://h/db","password":"%s","query":"SELECT * FROM t WHERE u > ?",
               "watermarkColumn":"u"}}""".formatted(secret))
            .when().post("/v1/sources").then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("config.password")).body(not(containsString(secret)));
        writer().body(VALID.formatted("x").replace("\"intervalMs\"",
            "\"headers\":{\"Authorization\":\"Bearer " + secret + "\"},\"intervalMs\""))
            .when().post("/v1/sources").then().statusCode(400)
            .body("field", equalTo("config.headers.Authorization")).body(not(containsString(secret)));
        badRequest(VALID.formatted("x").replace("http://127.0.0.1:9", "http://user:" + secret + "@127.0.0.1:9"),
            "config.url");
        badRequest("""
            {"name":"x","dataset":"registry_orders","type":"jdbc",
             "config":{"url":"jdbc:postgresql://h/db","passwordEnv":"not a variable","query":"SELECT 1 WHERE ?",
               "watermarkColumn":"u"}}""", "config.passwordEnv");
    }
}
