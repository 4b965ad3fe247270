package io.meridian.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import io.meridian.testing.TestTokens;
import io.restassured.http.ContentType;

/** The churn contract matching {@link io.meridian.testing.ChurnData}, created through the REST API. */
public final class TestContracts {
    public static final String CHURN = """
        {"fields":[
          {"name":"customer_id","type":"string","required":true},
          {"name":"tenure_months","type":"integer","required":true},
          {"name":"monthly_charges","type":"decimal"},
          {"name":"support_calls","type":"integer"},
          {"name":"contract","type":"string"},
          {"name":"paperless_billing","type":"boolean"},
          {"name":"churned","type":"boolean","required":true}],
         "key":"customer_id","label":"churned"}""";

    private TestContracts() {
    }

    /** Creates (or keeps) the churn contract for {@code dataset}. */
    public static void createChurn(String dataset) {
        given().auth().oauth2(TestTokens.writer()).contentType(ContentType.JSON).body(CHURN)
            .when().put("/v1/datasets/" + dataset)
            .then().statusCode(anyOf(is(201), is(200)));
    }
}
