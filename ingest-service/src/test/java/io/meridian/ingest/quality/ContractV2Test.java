package io.meridian.ingest.quality;

import static io.meridian.ingest.TestRequests.asReader;
import static io.meridian.ingest.quality.QuarantineResourceTest.put;
import static io.meridian.ingest.quality.QuarantineResourceTest.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** Contract v2 through the REST API: cleansing before validation, rules, composite keys, dedup, history. */
@QuarkusTest
class ContractV2Test {
    @Inject
    DataSource dataSource;

    static final String ORDERS = """
        {"fields":[
          {"name":"region","type":"string","required":true,"cleansing":{"case":"upper"}},
          {"name":"order_id","type":"integer","required":true},
          {"name":"status","type":"enum","allowedValues":["new","paid","shipped"],"cleansing":{"case":"lower"}},
          {"name":"amount","type":"decimal","min":0},
          {"name":"tax","type":"decimal","default":0},
          {"name":"total","type":"decimal"},
          {"name":"ordered","type":"timestamp","formats":["dd/MM/yyyy","yyyy.MM.dd HH:mm"]},
          {"name":"shipped","type":"timestamp"},
          {"name":"email","type":"string","pattern":"[^@]+@[^@]+"}],
         "key":["region","order_id"],
         "cleansing":{"trim":true,"nullTokens":["","NA","N/A","null","None"],"thousandsSeparator":","},
         "rules":["total == sum(amount, tax)","shipped >= ordered"],
         "deduplicate":{"keep":"first"},
         "retention":"P30D"}""";

    @Test
    void cleansesBeforeValidatingAndChecksEveryRule() throws Exception {
        put("v2-orders", ORDERS).statusCode(201)
            .body("key", contains("region", "order_id"))
            .body("deduplicate.keep", equalTo("first"))
            .body("rules", hasSize(2))
            .body("retention", equalTo("P30D"))
            .body("fields[2].allowedValues", contains("new", "paid", "shipped"));
        String csv = String.join("\n",
            "region,order_id,status,amount,tax,total,ordered,shipped,email",
            " eu , 1 ,PAID,\"1,200.50\",NA,\"1,200.50\",03/02/2024,2024-02-05,a@b.c",   // cleansed: stored
            "eu,2,refunded,10,1,12,2024.02.03 10:00,2024-02-01,nope",               // enum, sum, shipped<ordered, regex
            "EU,1,new,5,0,5,,,",                                                       // duplicate key (EU|1): first kept
            "us,1,None,-3,0,-3,,,");                                                   // min amount
        upload("v2-orders", csv).statusCode(200)
            .body("rowsRead", equalTo(4)).body("rowsStored", equalTo(1)).body("rowsQuarantined", equalTo(2))
            .body("rowsDeduplicated", equalTo(1));
        asReader().when().get("/v1/datasets/v2-orders/quarantine").then().statusCode(200)
            .body("records[0].violations.rule", contains("enum", "regex", "cross-field", "cross-field"))
            .body("records[0].violations[2].message", containsString("total == sum(amount, tax)"))
            .body("records[1].violations.rule", contains("min"));
        Map<String, Object> stored = stored("v2-orders", "EU|1");
        assertEquals("EU", stored.get("region"));
        assertEquals("paid", stored.get("status"));
        assertEquals(1200.5, ((Number) stored.get("amount")).doubleValue());
        assertEquals(0.0, ((Number) stored.get("tax")).doubleValue());
        assertEquals("2024-02-03T00:00:00Z", stored.get("ordered"));

        // against stored data: the same key in a later upload is deduplicated (keep first)
        upload("v2-orders", "region,order_id,amount,total\neu,1,7,7\neu,3,7,7\n").statusCode(200)
            .body("rowsRead", equalTo(2)).body("rowsStored", equalTo(1)).body("rowsDeduplicated", equalTo(1));
    }

    @Test
    void keepLatestReplacesEarlierRecordsWithinARunAndAcrossRuns() throws Exception {
        put("v2-latest", """
            {"fields":[{"name":"id","type":"string","required":true},{"name":"v","type":"integer"}],
             "key":"id","deduplicate":{"keep":"latest"}}""").statusCode(201);
        upload("v2-latest", "id,v\na,1\nb,1\na,2\n").statusCode(200)
            .body("rowsRead", equalTo(3)).body("rowsStored", equalTo(2)).body("rowsDeduplicated", equalTo(1));
        assertEquals(2L, ((Number) stored("v2-latest", "a").get("v")).longValue());
        upload("v2-latest", "id,v\na,3\n").statusCode(200).body("rowsStored", equalTo(1));
        assertEquals(3L, ((Number) stored("v2-latest", "a").get("v")).longValue());
        assertEquals(1, count("v2-latest", "a"));
    }

    @Test
    void decimalCommaImputationAndOutlierClipUseTheStoredData() throws Exception {
        put("v2-stats", """
            {"fields":[{"name":"id","type":"string","required":true},
              {"name":"x","type":"decimal","impute":"median","cleansing":{"decimalComma":true},
               "outliers":{"method":"iqr","threshold":1.5,"action":"clip"}},
              {"name":"y","type":"integer","outliers":{"method":"zscore","threshold":2,"action":"flag"}}],
             "key":"id"}""").statusCode(201);
        upload("v2-stats", "id,x,y\na,\"1,0\",10\nb,\"2,0\",11\nc,\"3,0\",12\nd,\"4,0\",10\ne,\"1.000,5\",11\n")
            .statusCode(200).body("rowsStored", equalTo(5));
        assertEquals(1000.5, ((Number) stored("v2-stats", "e").get("x")).doubleValue());
        // x of 1..4 and 1000.5: q1 = 2, q3 = 4, median 3 -> upper fence 4 + 1.5*2 = 7
        upload("v2-stats", "id,x,y\nf,,11\ng,\"5000,0\",11\nh,2,1000\n").statusCode(200)
            .body("rowsStored", equalTo(3));
        assertEquals(3.0, ((Number) stored("v2-stats", "f").get("x")).doubleValue());
        assertEquals(7.0, ((Number) stored("v2-stats", "g").get("x")).doubleValue());
        assertEquals(java.util.List.of("y"), stored("v2-stats", "h").get("_outliers"));
    }

    @Test
    void historyAndVersions() {
        put("v2-history", QuarantineResourceTest.STRICT).statusCode(201);
        put("v2-history", QuarantineResourceTest.RELAXED).statusCode(201);
        put("v2-history", QuarantineResourceTest.RELAXED).statusCode(200).body("version", equalTo(2));
        asReader().when().get("/v1/datasets/v2-history/versions").then().statusCode(200)
            .body("version", contains(1, 2)).body("[0].fields[1].min", equalTo(18.0f));
        asReader().when().get("/v1/datasets/v2-history/versions/1").then().statusCode(200).body("version", equalTo(1));
        asReader().when().get("/v1/datasets/v2-history/versions/9").then().statusCode(404);
        asReader().when().get("/v1/datasets/v2-nope/versions").then().statusCode(404);
    }

    @Test
    void invalidV2ContractsNameTheFieldAtFault() {
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"pattern\":\"(\"}],\"key\":\"a\"}", "fields[0].pattern");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"enum\"}],\"key\":\"a\"}", "fields[0].allowedValues");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}],\"key\":\"a\",\"rules\":[\"a >= zz\"]}", "rules[0]");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}],\"key\":\"a\",\"retention\":\"forever\"}", "retention");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}],\"key\":[\"a\",\"b\"]}", "key");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"string\"}],\"key\":\"a\",\"deduplicate\":{\"keep\":\"x\"}}",
            "deduplicate.keep");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"integer\",\"default\":\"x\"}],\"key\":\"a\"}", "fields[0].default");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"string\",\"outliers\":{\"method\":\"zscore\"}}],\"key\":\"a\"}",
            "fields[0].outliers");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"integer\",\"min\":5,\"max\":1}],\"key\":\"a\"}", "fields[0].min");
        bad("{\"fields\":[{\"name\":\"a\",\"type\":\"timestamp\",\"format\":\"qqqqq-{\"}],\"key\":\"a\"}",
            "fields[0].format");
    }

    private static void bad(String body, String field) {
        given().auth().oauth2(TestTokens.writer()).contentType("application/json").body(body)
            .when().put("/v1/datasets/v2-bad").then().statusCode(400).body("field", equalTo(field));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stored(String dataset, String key) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT record_values FROM curated_record WHERE dataset = ? AND record_key = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, dataset);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("no record " + key + " in " + dataset);
                }
                return new ObjectMapper().readValue(rs.getString(1), LinkedHashMap.class);
            }
        }
    }

    private int count(String dataset, String key) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT count(*) FROM curated_record WHERE dataset = ? AND record_key = ?")) {
            ps.setString(1, dataset);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
