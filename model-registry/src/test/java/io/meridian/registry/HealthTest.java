package io.meridian.registry;

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

/** Declares the module's test resources (they apply to every @QuarkusTest of the module). */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "meridian_registry"))
@QuarkusTestResource(JwtResource.class)
@QuarkusTestResource(RegistryTestResource.class)
class HealthTest {
    @Test
    void readyWhenDatabaseAndKafkaAreReachable() {
        given().when().get("/q/health/ready").then().statusCode(200)
            .body("status", equalTo("UP"))
            .body("checks.name", hasItem("Database connections health check"))
            .body("checks.name", hasItem("Kafka connection health check"));
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void describesTheApiInOpenApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
            .body(containsString("/v1/models/{name}/aliases/{alias}"));
    }
}
