package io.meridian.ingest.source;

import static io.meridian.ingest.TestRequests.asReader;
import static io.meridian.ingest.source.SourceTestSupport.awaitCounts;
import static io.meridian.ingest.source.SourceTestSupport.createDataset;
import static io.meridian.ingest.source.SourceTestSupport.createSource;
import static io.meridian.ingest.source.SourceTestSupport.delete;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** REST pull against a real local HTTP server: page, cursor and Link pagination, a transient 503, auth from env. */
@QuarkusTest
class RestSourceTest {
    private static final String TOKEN = "rest-api-t0ken-93ab";
    private static final List<List<String>> PAGES = List.of(
        List.of("{\"id\":\"r1\",\"customer\":{\"id\":\"c1\"},\"total\":\"10.5\"}",
            "{\"id\":\"r2\",\"customer\":{\"id\":\"c2\"},\"total\":\"abc\"}"),
        List.of("{\"id\":\"r3\",\"customer\":{\"id\":\"c3\"},\"total\":3}",
            "{\"id\":\"r4\",\"customer\":{\"id\":\"c4\"},\"total\":4}"),
        List.of("{\"id\":\"r5\",\"customer\":{\"id\":\"c5\"},\"total\":5}", "\"not an object\""));
    private static HttpServer server;
    private static final AtomicInteger unavailableOnce = new AtomicInteger(1);
    private static final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private static final AtomicInteger unauthorized = new AtomicInteger();

    @BeforeAll
    static void startServer() throws IOException {
        System.setProperty("ORDERS_API_TOKEN", TOKEN);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/paged", e -> serve(e, () -> {
            int page = Integer.parseInt(query(e).getOrDefault("page", "1"));
            if (page == 2 && unavailableOnce.getAndDecrement() > 0) {
                return null; // a transient 503
            }
            return "{\"data\":{\"items\":[" + items(page) + "]}}";
        }));
        server.createContext("/cursor", e -> serve(e, () -> {
            int page = Integer.parseInt(query(e).getOrDefault("cursor", "1"));
            String next = page < PAGES.size() ? "\"" + (page + 1) + "\"" : "null";
            return "{\"results\":[" + items(page) + "],\"meta\":{\"next\":" + next + "}}";
        }));
        server.createContext("/linked", e -> serve(e, () -> {
            int page = Integer.parseInt(query(e).getOrDefault("p", "1"));
            if (page < PAGES.size()) {
                e.getResponseHeaders().add("Link", "</linked?p=" + (page + 1) + ">; rel=\"next\", </linked?p=1>; rel=\"first\"");
            }
            return "[" + items(page) + "]";
        }));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static String items(int page) {
        return page >= 1 && page <= PAGES.size() ? String.join(",", PAGES.get(page - 1)) : "";
    }

    private static Map<String, String> query(HttpExchange e) {
        String q = e.getRequestURI().getRawQuery();
        java.util.Map<String, String> out = new java.util.HashMap<>();
        if (q != null) {
            for (String pair : q.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    private static void serve(HttpExchange e, java.util.function.Supplier<String> body) throws IOException {
        requestTimes.add(System.nanoTime());
        byte[] bytes;
        int status;
        if (!("Bearer " + TOKEN).equals(e.getRequestHeaders().getFirst("Authorization"))) {
            unauthorized.incrementAndGet();
            status = 401;
            bytes = "{}".getBytes(StandardCharsets.UTF_8);
        } else {
            String text = body.get();
            status = text == null ? 503 : 200;
            bytes = (text == null ? "{\"error\":\"busy\"}" : text).getBytes(StandardCharsets.UTF_8);
        }
        e.getResponseHeaders().add("Content-Type", "application/json");
        e.sendResponseHeaders(status, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }

    private static String restSource(String name, String path, String recordsPath, String pagination) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return """
            {"name":"%s","dataset":"rest_orders","type":"rest",
             "config":{"url":"%s","recordsPath":"%s","pagination":%s,
               "headers":{"Authorization":{"env":"ORDERS_API_TOKEN","prefix":"Bearer "},"X-Client":"meridian"},
               "intervalMs":3600000,"requestRetries":3,"requestBackoffMs":50,"rateLimitPerSecond":20},
             "mapping":{"order_id":"id","customer":"customer.id","amount":"total",
               "updated_at":{"timestamp":"now"},"channel":{"constant":"api"}}}"""
            .formatted(name, base, recordsPath, pagination);
    }

    @Test
    void pullsEveryPageRetriesA503AndPacesRequests() {
        createDataset("rest_orders");
        requestTimes.clear();
        try (SourceTestSupport.LogCapture logs = new SourceTestSupport.LogCapture()) {
            createSource(restSource("orders-api", "/paged", "data.items", "{\"type\":\"page\",\"param\":\"page\"}"));
            // 3 pages of records and an empty 4th; page 2 answered 503 once and was retried
            JsonPath s = awaitCounts("orders-api", 6, 4, 2);
            assertEquals(4, s.getInt("position.lastPage"));
            assertEquals(4, s.getInt("position.pages"));
            assertEquals(1, s.getInt("runs"), "all pages of one poll are one run");
            asReader().when().get("/v1/runs/" + s.getString("lastRunId")).then().statusCode(200)
                .body("rowsRead", equalTo(6)).body("rowsStored", equalTo(4)).body("rowsRejected", equalTo(2))
                .body("source", equalTo("rest:orders-api"));
            assertEquals(5, requestTimes.size(), "4 pages + 1 retry");
            // paced at the source's send: a slow machine only widens the gaps, but one request's delay on the way
            // can narrow the gap to the next as the server sees it, so the whole sequence is checked, not each gap
            long spanMillis = (requestTimes.get(requestTimes.size() - 1) - requestTimes.get(0)) / 1_000_000;
            assertTrue(spanMillis >= 40L * (requestTimes.size() - 1), "20 requests/s at most: "
                + requestTimes.size() + " requests within " + spanMillis + " ms");
            assertEquals(0, unauthorized.get(), "the token from the environment was sent");
            String body = asReader().when().get("/v1/sources/orders-api").then().extract().asString();
            assertFalse(body.contains(TOKEN));
            assertTrue(body.contains("ORDERS_API_TOKEN"));
            assertFalse(logs.mentions(TOKEN));
        } finally {
            delete("orders-api");
        }
    }

    @Test
    void followsCursorsAndLinkHeaders() {
        createDataset("rest_orders");
        try {
            createSource(restSource("orders-cursor", "/cursor", "results",
                "{\"type\":\"cursor\",\"cursorPath\":\"meta.next\",\"param\":\"cursor\"}"));
            createSource(restSource("orders-linked", "/linked", "$", "{\"type\":\"link\"}"));
            JsonPath cursor = awaitCounts("orders-cursor", 6, 4, 2);
            assertEquals("3", cursor.getString("position.lastCursor"));
            assertEquals(3, cursor.getInt("position.pages"));
            JsonPath linked = awaitCounts("orders-linked", 6, 4, 2);
            assertEquals("/linked?p=3", linked.getString("position.lastUrl"));
        } finally {
            delete("orders-cursor");
            delete("orders-linked");
        }
    }
}
