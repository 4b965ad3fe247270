package io.meridian.training;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.meridian.testing.JwtResource;
import io.meridian.testing.KafkaResource;
import io.meridian.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Carries the test resources of every @QuarkusTest of this module (real PostgreSQL and Kafka, JWT, fake
 * neighbours).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "meridian_training"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(JwtResource.class)
@QuarkusTestResource(FakeNeighboursResource.class)
class HealthTest {
    @Test
    void readyWhenDatabaseIsReachable() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
            .body(containsString("Database connections health check"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200)
            .body(containsString("meridian_training_jobs_total{algorithm=\"logistic-regression\",outcome=\"failed\"}"));
    }

    @Test
    void describesTheApiInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
            .body(containsString("/v1/training-jobs/{id}"));
    }
}
