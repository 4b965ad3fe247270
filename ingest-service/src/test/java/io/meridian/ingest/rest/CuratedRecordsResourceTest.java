package io.meridian.ingest.rest;

import static io.meridian.ingest.TestRequests.asReader;
import static io.meridian.ingest.TestRequests.uploadCsv;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * {@code GET /v1/datasets/{name}/records} against the real PostgreSQL: filters by run, by (composite) key and both,
 * keyset paging, typed values, bad parameters, unknown datasets and roles.
 */
@QuarkusTest
class CuratedRecordsResourceTest {
    /** Orders keyed by region and order id: the stored record key is "region|order_id". */
    private static final String ORDERS = """
        {"fields":[
          {"name":"region","type":"string","required":true},
          {"name":"order_id","type":"string","required":true},
          {"name":"quantity","type":"integer"},
          {"name":"amount","type":"decimal"},
          {"name":"paid","type":"boolean"},
          {"name":"ordered_at","type":"timestamp"}],
         "key":["region","order_id"]}""";
    private static final String HEADER = "region,order_id,quantity,amount,paid,ordered_at\n";

    /** The ids of the two runs {@link #seed(String)} uploaded. */
    private record Runs(String first, String second) {
    }

    /**
     * Two runs into a new orders dataset: the first stores EU|1, EU|2, US|1 and EU|1 again (no deduplicate rule:
     * duplicates are kept), the second EU|1 and US|2; six records in all, EU|1 three times.
     */
    private static Runs seed(String dataset) {
        given().auth().oauth2(TestTokens.writer()).contentType(ContentType.JSON).body(ORDERS)
            .when().put("/v1/datasets/" + dataset).then().statusCode(201);
        String first = uploadCsv(dataset, HEADER
            + "EU,1,3,12.5,true,2024-05-01T10:00:00Z\n"
            + "EU,2,1,4.25,false,2024-05-01T11:00:00Z\n"
            + "US,1,2,7,true,\n"
            + "EU,1,4,13.5,true,2024-05-02T10:00:00Z\n")
            .statusCode(200).body("rowsStored", equalTo(4)).extract().path("runId");
        String second = uploadCsv(dataset, HEADER
            + "EU,1,5,14.5,false,2024-05-03T10:00:00Z\n"
            + "US,2,,,,\n")
            .statusCode(200).body("rowsStored", equalTo(2)).extract().path("runId");
        return new Runs(first, second);
    }

    private static JsonPath records(String dataset, String query) {
        return asReader().when().get("/v1/datasets/" + dataset + "/records" + query)
            .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void everyRecordOldestFirstWithTypedValues() {
        Runs runs = seed("records-all");
        JsonPath page = records("records-all", "");
        assertEquals("records-all", page.getString("dataset"));
        assertEquals(List.of("EU|1", "EU|2", "US|1", "EU|1", "EU|1", "US|2"), page.getList("records.key"));
        List<Long> ids = page.getList("records.id", Long.class);
        assertEquals(ids.stream().sorted().toList(), ids, "oldest first");
        assertNull(page.get("next"), "one page holds all six");
        assertNull(page.get("runId"));
        assertNull(page.get("key"));

        asReader().when().get("/v1/datasets/records-all/records").then()
            .body("records[0].runId", equalTo(runs.first()))
            .body("records[0].contractVersion", equalTo(1))
            .body("records[0].ingestedAt", notNullValue())
            .body("records[0].values.region", equalTo("EU"))
            .body("records[0].values.order_id", equalTo("1"))
            .body("records[0].values.quantity", equalTo(3))
            .body("records[0].values.amount", equalTo(12.5f))
            .body("records[0].values.paid", equalTo(true))
            .body("records[0].values.ordered_at", equalTo("2024-05-01T10:00:00Z"))
            .body("records[2].values.amount", equalTo(7.0f))
            .body("records[2].values.ordered_at", nullValue())
            .body("records[5].runId", equalTo(runs.second()))
            .body("records[5].values.quantity", nullValue())
            .body("records[5].values.paid", nullValue());
    }

    @Test
    void filtersByRunByKeyAndByBoth() {
        Runs runs = seed("records-filter");
        JsonPath ofFirst = records("records-filter", "?runId=" + runs.first());
        assertEquals(runs.first(), ofFirst.getString("runId"));
        assertEquals(List.of("EU|1", "EU|2", "US|1", "EU|1"), ofFirst.getList("records.key"));

        asReader().when().get("/v1/datasets/records-filter/records?key=EU|1").then().statusCode(200)
            .body("key", equalTo("EU|1"))
            .body("records", hasSize(3))
            .body("records.key", everyItem(equalTo("EU|1")))
            .body("records.values.quantity", equalTo(List.of(3, 4, 5)))
            .body("records.runId", equalTo(List.of(runs.first(), runs.first(), runs.second())));

        asReader().queryParam("runId", runs.second()).queryParam("key", "EU|1")
            .when().get("/v1/datasets/records-filter/records").then().statusCode(200)
            .body("runId", equalTo(runs.second())).body("key", equalTo("EU|1"))
            .body("records", hasSize(1))
            .body("records[0].values.quantity", equalTo(5));

        // the key is compared exactly: one part of a composite key, or another case, matches nothing
        assertEquals(List.of(), records("records-filter", "?key=EU").getList("records"));
        assertEquals(List.of(), records("records-filter", "?key=eu|1").getList("records"));
        // a run of another dataset has no records in this one
        Runs other = seed("records-filter-other");
        assertEquals(List.of(), records("records-filter", "?runId=" + other.first()).getList("records"));
    }

    @Test
    void pagesFollowNextUntilItIsNull() {
        seed("records-pages");
        List<Object> keys = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String after = "0";
        while (after != null) {
            JsonPath page = records("records-pages", "?limit=4&after=" + after);
            keys.addAll(page.getList("records.key"));
            pageSizes.add(page.getList("records").size());
            Long next = page.getObject("next", Long.class);
            if (next != null) {
                assertEquals(page.getLong("records[-1].id"), next.longValue(), "next is the last id of the page");
            }
            after = next == null ? null : next.toString();
        }
        assertEquals(List.of(4, 2), pageSizes);
        assertEquals(List.of("EU|1", "EU|2", "US|1", "EU|1", "EU|1", "US|2"), keys);

        // a page that ends exactly at the last record says there is no more
        JsonPath exact = records("records-pages", "?limit=6");
        assertEquals(6, exact.getList("records").size());
        assertNull(exact.get("next"));

        // paging within a key filter
        JsonPath first = records("records-pages", "?key=EU|1&limit=2");
        assertEquals(2, first.getList("records").size());
        JsonPath second = records("records-pages", "?key=EU|1&limit=2&after=" + first.getLong("next"));
        assertEquals(List.of(5), second.getList("records.values.quantity"));
        assertNull(second.get("next"));
    }

    @Test
    void badParametersAre400AndUnknownDatasetsA404() {
        seed("records-bad");
        String path = "/v1/datasets/records-bad/records";
        asReader().when().get(path + "?runId=not-a-run").then().statusCode(400).body("field", equalTo("runId"));
        for (String limit : List.of("0", "1001", "-5", "many")) {
            asReader().when().get(path + "?limit=" + limit).then().statusCode(400).body("field", equalTo("limit"));
        }
        for (String after : List.of("-1", "x")) {
            asReader().when().get(path + "?after=" + after).then().statusCode(400).body("field", equalTo("after"));
        }
        asReader().when().get(path + "?limit=1000").then().statusCode(200);
        asReader().when().get("/v1/datasets/records-nowhere/records").then().statusCode(404)
            .contentType("application/problem+json");
    }
}
