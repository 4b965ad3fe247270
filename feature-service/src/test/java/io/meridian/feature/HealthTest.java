package io.meridian.feature;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.meridian.testing.KafkaResource;
import io.meridian.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Carries the module's one set of test resources (real Kafka + PostgreSQL) for every @QuarkusTest. */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "meridian_features"))
class HealthTest {
    @Test
    void readyWhenDatabaseAndKafkaAreReachable() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database connections health check")))
                .body("checks.name", hasItem(containsString("Kafka connection health check")));
    }

    @Test
    void exposesServiceMetrics() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("meridian_feature_records_skipped_total{reason=\"unparseable\"}"));
    }

    @Test
    void describesTheRestApiInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/datasets/{dataset}/entities/{key}"));
    }
}
