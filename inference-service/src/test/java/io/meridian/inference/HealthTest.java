package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.meridian.testing.JwtResource;
import io.meridian.testing.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Carries the test resources of every @QuarkusTest in this module: real Kafka, JWT trust, fake registry. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtResource.class)
@QuarkusTestResource(FakeRegistryResource.class)
class HealthTest {
    @Test
    void readyWhenKafkaIsReachable() {
        given().when().get("/q/health/ready").then().statusCode(200)
            .body("status", equalTo("UP"))
            .body("checks.name", hasItem("loaded-models"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void describesTheApiInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
            .body(containsString("/v1/models/{name}/predict"));
    }
}
