package io.meridian.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.meridian.testing.JwtResource;
import io.meridian.testing.KafkaResource;
import io.meridian.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Carries the one set of test resources every @QuarkusTest of this module shares (real Kafka, PostgreSQL, JWT). */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "meridian_ingest"))
@QuarkusTestResource(JwtResource.class)
class HealthTest {
    @Test
    void readyWhenDatabaseAndKafkaAreReachable() {
        given().when().get("/q/health/ready").then().statusCode(200)
            .body("status", equalTo("UP"))
            .body("checks.name", hasItem(containsString("Kafka")))
            .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void describesTheApiInOpenApi() {
        given().accept("application/json").when().get("/q/openapi").then().statusCode(200)
            .body(containsString("/v1/datasets/{name}/records"))
            .body(containsString("/v1/runs/{runId}"));
    }
}
