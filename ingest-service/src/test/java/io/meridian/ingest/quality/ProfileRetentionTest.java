package io.meridian.ingest.quality;

import static io.meridian.ingest.TestRequests.asReader;
import static io.meridian.ingest.quality.QuarantineResourceTest.put;
import static io.meridian.ingest.quality.QuarantineResourceTest.upload;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.meridian.ingest.service.ContractFiles;
import io.meridian.ingest.service.quality.RetentionJob;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** Data profile over the curated JSONB, retention by the scheduled job's bean, contracts from YAML files. */
@QuarkusTest
class ProfileRetentionTest {
    @Inject
    RetentionJob retention;

    @Inject
    ContractFiles contractFiles;

    @Test
    void profilesEveryFieldWithSql() {
        put("prof-a", """
            {"fields":[{"name":"id","type":"string","required":true},{"name":"n","type":"integer"},
              {"name":"c","type":"string"},{"name":"t","type":"timestamp"}],"key":"id"}""").statusCode(201);
        StringBuilder csv = new StringBuilder("id,n,c,t\n");
        for (int i = 1; i <= 100; i++) {
            csv.append("r").append(i).append(',').append(i % 10 == 0 ? "" : String.valueOf(i)).append(',')
                .append(i <= 60 ? "x" : i <= 90 ? "y" : "z").append(",2024-01-")
                .append(String.format("%02d", 1 + i % 28)).append('\n');
        }
        upload("prof-a", csv.toString()).statusCode(200).body("rowsStored", equalTo(100));
        asReader().when().get("/v1/datasets/prof-a/profile").then().statusCode(200)
            .body("records", equalTo(100))
            .body("contractVersion", equalTo(1))
            .body("fields[1].name", equalTo("n"))
            .body("fields[1].count", equalTo(90))
            .body("fields[1].nulls", equalTo(10))
            .body("fields[1].distinct", equalTo(90))
            .body("fields[1].min", equalTo(1))
            .body("fields[1].max", equalTo(99))
            .body("fields[2].distinct", equalTo(3))
            .body("fields[2].topValues[0].value", equalTo("x"))
            .body("fields[2].topValues[0].count", equalTo(60))
            .body("fields[3].min", equalTo("2024-01-01T00:00:00Z"))
            .body("fields[3].max", equalTo("2024-01-28T00:00:00Z"));
        JsonPath profile = asReader().when().get("/v1/datasets/prof-a/profile").then().extract().jsonPath();
        assertEquals(50.0, profile.getDouble("fields[1].mean"), 1e-9);
        assertEquals(50.0, profile.getDouble("fields[1].quantiles.p50"), 1e-9);
        assertEquals(5.45, profile.getDouble("fields[1].quantiles.p05"), 1e-6);
        assertEquals(94.55, profile.getDouble("fields[1].quantiles.p95"), 1e-6);
        asReader().when().get("/v1/datasets/prof-nope/profile").then().statusCode(404);
    }

    @Test
    void retentionDeletesCuratedAndQuarantinedRecordsOlderThanTheDatasetsPeriod() {
        put("ret-a", """
            {"fields":[{"name":"id","type":"string","required":true},{"name":"n","type":"integer"}],
             "key":"id","retention":"P1D"}""").statusCode(201);
        put("ret-keep", """
            {"fields":[{"name":"id","type":"string","required":true},{"name":"n","type":"integer"}],
             "key":"id"}""").statusCode(201);
        upload("ret-a", "id,n\na,1\nb,x\n").statusCode(200).body("rowsStored", equalTo(1));
        upload("ret-keep", "id,n\na,1\nb,x\n").statusCode(200).body("rowsStored", equalTo(1));
        // nothing is older than one day yet
        RetentionJob.Result now = retention.enforce(Instant.now());
        assertEquals(0, now.curatedDeleted());
        asReader().when().get("/v1/datasets/ret-a/profile").then().body("records", equalTo(1));
        // two days later
        RetentionJob.Result later = retention.enforce(Instant.now().plus(Duration.ofDays(2)));
        assertEquals(1, later.curatedDeleted());
        assertEquals(1, later.quarantinedDeleted());
        asReader().when().get("/v1/datasets/ret-a/profile").then().body("records", equalTo(0));
        asReader().when().get("/v1/datasets/ret-a/quarantine").then().body("total", equalTo(0));
        asReader().when().get("/v1/datasets/ret-keep/profile").then().body("records", equalTo(1));
        asReader().when().get("/v1/datasets/ret-keep/quarantine").then().body("total", equalTo(1));
    }

    @Test
    void loadsContractsFromYamlFiles() throws Exception {
        Path dir = Files.createTempDirectory("contracts");
        Files.writeString(dir.resolve("yaml-sensors.yaml"), """
            fields:
              - name: device
                type: string
                required: true
                cleansing: {trim: true}
              - name: temp
                type: decimal
                min: -50
                max: 150
              - name: unit
                type: enum
                allowedValues: [C, F]
            key: device
            deduplicate: {keep: latest}
            """);
        Files.writeString(dir.resolve("other.yml"), """
            name: yaml-named
            fields: [{name: id, type: integer, required: true}]
            key: id
            """);
        Files.writeString(dir.resolve("broken.yaml"), "fields: [{name: id, type: nope}]\nkey: id\n");
        assertEquals(2, contractFiles.load(dir));
        asReader().when().get("/v1/datasets/yaml-sensors").then().statusCode(200)
            .body("fields[1].max", equalTo(150.0f)).body("deduplicate.keep", equalTo("latest"))
            .body("fields[2].type", equalTo("enum"));
        asReader().when().get("/v1/datasets/yaml-named").then().statusCode(200).body("key", equalTo("id"));
        asReader().when().get("/v1/datasets/broken").then().statusCode(404);
        // applying the same files again creates no new version
        assertEquals(2, contractFiles.load(dir));
        asReader().when().get("/v1/datasets/yaml-sensors").then().body("version", equalTo(1));
    }
}
