package io.meridian.ingest.source;

import static io.meridian.ingest.TestRequests.asReader;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

import io.meridian.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Helpers shared by the source tests: the orders contract, REST calls, the accounting check, a log capture. */
final class SourceTestSupport {
    /** Orders as several sources feed them: key order_id, a required decimal, an optional timestamp. */
    static final String ORDERS = """
        {"fields":[
          {"name":"order_id","type":"string","required":true},
          {"name":"customer","type":"string","required":true},
          {"name":"amount","type":"decimal","required":true},
          {"name":"updated_at","type":"timestamp"},
          {"name":"channel","type":"string"},
          {"name":"device_id","type":"string"}],
         "key":"order_id"}""";

    private SourceTestSupport() {
    }

    static RequestSpecification writer() {
        return given().auth().oauth2(TestTokens.writer()).contentType(ContentType.JSON);
    }

    static void createDataset(String dataset) {
        writer().body(ORDERS).when().put("/v1/datasets/" + dataset).then().statusCode(anyOf(is(201), is(200)));
    }

    static void createSource(String body) {
        writer().body(body).when().post("/v1/sources").then().statusCode(201);
    }

    static JsonPath source(String name) {
        return asReader().when().get("/v1/sources/" + name).then().statusCode(200).extract().jsonPath();
    }

    static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
    }

    /** Waits until the source has read {@code read} records and checks read = stored + quarantined + deduplicated. */
    static JsonPath awaitCounts(String name, long read, long stored, long quarantined) {
        await().until(() -> source(name).getLong("recordsRead") >= read
            && source(name).getLong("recordsStored") + source(name).getLong("recordsQuarantined") >= read);
        JsonPath s = source(name);
        assertEquals(read, s.getLong("recordsRead"), "read");
        assertEquals(stored, s.getLong("recordsStored"), "stored");
        assertEquals(quarantined, s.getLong("recordsQuarantined"), "quarantined");
        assertEquals(s.getLong("recordsRead"), s.getLong("recordsStored") + s.getLong("recordsQuarantined")
            + s.getLong("recordsDeduplicated"), "read = stored + quarantined + deduplicated");
        return s;
    }

    static void delete(String name) {
        writer().when().delete("/v1/sources/" + name).then().statusCode(204);
    }

    /** Captures every log line of the JVM (JBoss LogManager is the JUL implementation) to look for secrets. */
    static final class LogCapture extends Handler implements AutoCloseable {
        final List<String> lines = new CopyOnWriteArrayList<>();

        LogCapture() {
            java.util.logging.Logger.getLogger("").addHandler(this);
        }

        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            Object[] params = record.getParameters();
            StringBuilder text = new StringBuilder(String.valueOf(message));
            if (params != null) {
                for (Object p : params) {
                    text.append(' ').append(p);
                }
            }
            if (record.getThrown() != null) {
                text.append(' ').append(record.getThrown());
            }
            lines.add(text.toString());
        }

        boolean mentions(String secret) {
            return lines.stream().anyMatch(l -> l.contains(secret));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            java.util.logging.Logger.getLogger("").removeHandler(this);
        }
    }
}
