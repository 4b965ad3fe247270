package io.meridian.ingest.source;

import static io.meridian.ingest.TestRequests.asReader;
import static io.meridian.ingest.source.SourceTestSupport.await;
import static io.meridian.ingest.source.SourceTestSupport.awaitCounts;
import static io.meridian.ingest.source.SourceTestSupport.createDataset;
import static io.meridian.ingest.source.SourceTestSupport.createSource;
import static io.meridian.ingest.source.SourceTestSupport.delete;
import static io.meridian.ingest.source.SourceTestSupport.source;
import static io.meridian.ingest.source.SourceTestSupport.writer;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.meridian.embedded.EmbeddedPostgresServer;
import io.meridian.embedded.FreePorts;
import io.meridian.testing.SharedInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** JDBC polling against real second PostgreSQL databases. */
@QuarkusTest
class JdbcSourceTest {
    private static final String SECRET = "orders-db-s3cr3t-7f2c91";

    @BeforeAll
    static void environment() {
        // the source config names ORDERS_SRC_PASSWORD; the service reads it from env or a system property
        System.setProperty("ORDERS_SRC_PASSWORD", SECRET);
    }

    private static void sql(String url, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static String jdbcSource(String name, String dataset, String url) {
        return """
            {"name":"%s","dataset":"%s","type":"jdbc",
             "config":{"url":"%s","user":"postgres","passwordEnv":"ORDERS_SRC_PASSWORD",
               "query":"SELECT id, customer, amount, updated_at FROM orders WHERE updated_at > ? ORDER BY updated_at",
               "watermarkColumn":"updated_at","keyColumn":"id","intervalMs":200,"retryBackoffMs":100,"maxBackoffMs":400},
             "mapping":{"order_id":"id","channel":{"constant":"db"}}}""".formatted(name, dataset, url);
    }

    @Test
    void pollsIncrementallyQuarantinesBadRowsAndResumesFromTheWatermark() throws Exception {
        String url = SharedInfra.postgres().createDatabase("orders_src");
        sql(url, "DROP TABLE IF EXISTS orders",
            "CREATE TABLE orders (id INT PRIMARY KEY, customer TEXT, amount TEXT, updated_at TIMESTAMPTZ NOT NULL)",
            "INSERT INTO orders VALUES (1, 'c1', '10.50', '2024-01-01T00:00:01Z'), (2, 'c2', 'n/a', "
                + "'2024-01-01T00:00:02Z'), (3, 'c3', '7', '2024-01-01T00:00:03.123456Z')");
        createDataset("jdbc_orders");
        try (SourceTestSupport.LogCapture logs = new SourceTestSupport.LogCapture()) {
            createSource(jdbcSource("orders-db", "jdbc_orders", url));
            JsonPath s = awaitCounts("orders-db", 3, 2, 1);
            assertEquals("running", s.getString("status"));
            assertEquals("jdbc", s.getString("type"));
            assertEquals("2024-01-01T00:00:03.123456Z", s.getString("position.watermark"));
            assertEquals("ORDERS_SRC_PASSWORD", s.getString("config.passwordEnv"));
            asReader().when().get("/v1/runs/" + s.getString("lastRunId")).then().statusCode(200)
                .body("rowsRead", equalTo(3)).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(1))
                .body("source", equalTo("jdbc:orders-db"))
                .body("rejections[0].field", equalTo("amount"));

            // paused: nothing read; new rows wait for the resume, which starts from the recorded watermark
            writer().when().post("/v1/sources/orders-db/pause").then().statusCode(200)
                .body("status", equalTo("paused"));
            sql(url, "INSERT INTO orders VALUES (4, 'c4', '1', '2024-01-02T00:00:00Z'), "
                + "(5, 'c5', '2', '2024-01-02T00:00:01Z')");
            assertEquals("paused", source("orders-db").getString("status"));
            writer().when().post("/v1/sources/orders-db/resume").then().statusCode(200)
                .body("status", equalTo("running"));
            s = awaitCounts("orders-db", 5, 4, 1);
            assertEquals("2024-01-02T00:00:01Z", s.getString("position.watermark"));

            String all = asReader().when().get("/v1/sources").then().statusCode(200).extract().asString();
            assertFalse(all.contains(SECRET), "the password never appears in responses");
            assertFalse(logs.mentions(SECRET), "the password never appears in logs");
        } finally {
            delete("orders-db");
        }
    }

    @Test
    void showsTheErrorWhileTheDatabaseIsDownAndResumesWhenItIsBack() throws Exception {
        Path dir = Files.createTempDirectory("orders-pg");
        int port = FreePorts.find();
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, port);
        createDataset("jdbc_outage");
        try {
            String url = pg.createDatabase("orders_down");
            sql(url, "CREATE TABLE orders (id INT PRIMARY KEY, customer TEXT, amount TEXT, updated_at TIMESTAMPTZ)",
                "INSERT INTO orders VALUES (1, 'c1', '1', '2024-01-01T00:00:01Z'), (2, 'c2', '2', "
                    + "'2024-01-01T00:00:02Z')");
            createSource(jdbcSource("orders-down", "jdbc_outage", url));
            awaitCounts("orders-down", 2, 2, 0);

            pg.close();
            await().until(() -> "error".equals(source("orders-down").getString("status")));
            JsonPath down = source("orders-down");
            assertNotNull(down.getString("lastError"));
            assertNotNull(down.getString("lastErrorAt"));
            assertFalse(down.getString("lastError").contains(SECRET));

            pg = EmbeddedPostgresServer.start(dir, port);
            sql(url, "INSERT INTO orders VALUES (3, 'c3', '3', '2024-01-01T00:00:03Z')");
            JsonPath back = awaitCounts("orders-down", 3, 3, 0);
            await().until(() -> "running".equals(source("orders-down").getString("status")));
            assertEquals("2024-01-01T00:00:03Z", back.getString("position.watermark"));
        } finally {
            delete("orders-down");
            pg.close();
        }
    }
}
