package io.meridian.ingest.rest;

import static io.meridian.ingest.TestRequests.asReader;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ContractResourceTest {
    private static final String PROBLEM = "application/problem+json";

    private static io.restassured.specification.RequestSpecification writer() {
        return given().auth().oauth2(TestTokens.writer()).contentType(ContentType.JSON);
    }

    @Test
    void createsVersionsAndReadsContracts() {
        writer().body(TestContracts.CHURN).when().put("/v1/datasets/contracts-churn")
            .then().statusCode(201)
            .body("name", equalTo("contracts-churn"))
            .body("version", equalTo(1))
            .body("key", equalTo("customer_id"))
            .body("label", equalTo("churned"))
            .body("fields[1].name", equalTo("tenure_months"))
            .body("fields[1].type", equalTo("integer"))
            .body("fields[1].required", equalTo(true))
            .body("fields[2].required", equalTo(false))
            .body("createdAt", notNullValue());

        // identical: same version, 200
        writer().body(TestContracts.CHURN).when().put("/v1/datasets/contracts-churn")
            .then().statusCode(200).body("version", equalTo(1));

        // changed (label dropped): version 2
        String changed = TestContracts.CHURN.replace(",\"label\":\"churned\"", "");
        writer().body(changed).when().put("/v1/datasets/contracts-churn")
            .then().statusCode(201).body("version", equalTo(2));

        asReader().when().get("/v1/datasets/contracts-churn")
            .then().statusCode(200)
            .body("version", equalTo(2))
            .body("fields.size()", equalTo(7));
    }

    @Test
    void unknownDatasetIsA404Problem() {
        asReader().when().get("/v1/datasets/no-such-dataset")
            .then().statusCode(404).contentType(PROBLEM)
            .body("status", equalTo(404))
            .body("detail", containsString("no-such-dataset"));
    }

    @Test
    void keyMustBeAField() {
        writer().body("{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}],\"key\":\"b\"}")
            .when().put("/v1/datasets/bad-key").then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("key")).body("detail", containsString("'b'"));
    }

    @Test
    void labelMustBeAField() {
        writer().body("{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}],\"key\":\"a\",\"label\":\"z\"}")
            .when().put("/v1/datasets/bad-label").then().statusCode(400).body("field", equalTo("label"));
    }

    @Test
    void typesMustBeKnown() {
        writer().body("{\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"float\"}],\"key\":\"a\"}")
            .when().put("/v1/datasets/bad-type").then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("fields[1].type"))
            .body("detail", containsString("float"))
            .body("detail", containsString("timestamp"));
    }

    @Test
    void fieldsMustNotRepeat() {
        writer().body("{\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"a\",\"type\":\"integer\"}],\"key\":\"a\"}")
            .when().put("/v1/datasets/dup-field").then().statusCode(400)
            .body("field", equalTo("fields[1].name")).body("detail", containsString("twice"));
    }

    @Test
    void needsAtLeastOneField() {
        writer().body("{\"fields\":[],\"key\":\"a\"}")
            .when().put("/v1/datasets/no-fields").then().statusCode(400).body("field", equalTo("fields"));
    }

    @Test
    void datasetNamesFollowThePattern() {
        writer().body(TestContracts.CHURN).when().put("/v1/datasets/Bad_Name")
            .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("name"));
        writer().body(TestContracts.CHURN).when().put("/v1/datasets/-leading-dash")
            .then().statusCode(400).body("field", equalTo("name"));
        writer().body(TestContracts.CHURN).when().put("/v1/datasets/" + "a".repeat(64))
            .then().statusCode(400).body("field", equalTo("name"));
    }

    @Test
    void writingNeedsAWriterToken() {
        given().contentType(ContentType.JSON).body(TestContracts.CHURN).when().put("/v1/datasets/secured")
            .then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.reader()).contentType(ContentType.JSON).body(TestContracts.CHURN)
            .when().put("/v1/datasets/secured").then().statusCode(403).contentType(PROBLEM);
        asReader().when().get("/v1/datasets/secured").then().statusCode(404);
    }
}
