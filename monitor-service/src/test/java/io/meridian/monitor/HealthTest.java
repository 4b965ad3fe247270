package io.meridian.monitor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.meridian.testing.JwtResource;
import io.meridian.testing.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Carries the test resources of every @QuarkusTest in this module: real Kafka and JWT trust. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtResource.class)
class HealthTest {
    @Test
    void readyWhenKafkaIsReachable() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void describesTheApiInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
            .body(containsString("/v1/models/{name}/summary"));
    }
}
