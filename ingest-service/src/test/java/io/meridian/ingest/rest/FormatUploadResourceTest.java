package io.meridian.ingest.rest;

import static io.meridian.ingest.TestRequests.asReader;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.meridian.testing.ChurnData;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;

/** Uploads in every format, with their options and bad input, through the REST API. */
@QuarkusTest
class FormatUploadResourceTest {
    private static final Logger LOG = Logger.getLogger(FormatUploadResourceTest.class);
    private static final String PROBLEM = "application/problem+json";

    private static ValidatableResponse upload(String dataset, String contentType, byte[] body, String query) {
        return given().auth().oauth2(TestTokens.writer()).contentType(contentType).body(body)
            .when().post("/v1/datasets/" + dataset + "/records" + query).then();
    }

    private static ValidatableResponse upload(String dataset, String contentType, String body) {
        return upload(dataset, contentType, body.getBytes(StandardCharsets.UTF_8), "");
    }

    private static void accounted(ValidatableResponse response) {
        int read = response.extract().path("rowsRead");
        int stored = response.extract().path("rowsStored");
        int rejected = response.extract().path("rowsRejected");
        org.junit.jupiter.api.Assertions.assertEquals(read, stored + rejected, "read = stored + rejected");
    }

    @Test
    void aJsonArrayIsStreamedIntoOneRun() {
        TestContracts.createChurn("fmt-json");
        ValidatableResponse r = upload("fmt-json", "application/json", """
            [
              {"customer_id":"J1","tenure_months":12,"monthly_charges":80.5,"churned":false,"extra":{"a":[1]}},
              {"customer_id":"J2","tenure_months":"twelve","churned":true},
              {"customer_id":"J3","tenure_months":3,"monthly_charges":1e400,"churned":true},
              {"customer_id":"J4","tenure_months":4,"monthly_charges":"NaN","churned":true},
              {"customer_id":"J5","tenure_months":5,"churned":"yes","contract":"one-year"}
            ]
            """).statusCode(200)
            .body("source", equalTo("json"))
            .body("rowsRead", equalTo(5)).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(3))
            .body("rejections[0].row", equalTo(2)).body("rejections[0].field", equalTo("tenure_months"))
            .body("rejections[1].row", equalTo(3)).body("rejections[1].field", equalTo("monthly_charges"))
            .body("rejections[1].reason", containsString("finite"))
            .body("rejections[2].row", equalTo(4)).body("rejections[2].field", equalTo("monthly_charges"));
        accounted(r);
    }

    @Test
    void aBrokenJsonArrayKeepsTheRecordsBeforeTheBreak() {
        TestContracts.createChurn("fmt-json-broken");
        upload("fmt-json-broken", "application/json", """
            [{"customer_id":"B1","tenure_months":1,"churned":true},
             {"customer_id":"B2","tenure_months":2,"churned":true},
             {"customer_id":"B3","tenure_months":NaN,"churned":true},
             {"customer_id":"B4","tenure_months":4,"churned":true}]
            """).statusCode(200)
            .body("rowsRead", equalTo(3)).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(1))
            .body("rejections[0].row", equalTo(3))
            .body("rejections[0].reason", startsWith("malformed JSON at line 3"))
            .body("rejections[0].reason", containsString("everything after it is not read"));
    }

    @Test
    void aBrokenNdjsonLineCostsOnlyThatLine() {
        TestContracts.createChurn("fmt-ndjson");
        String deep = "{\"customer_id\":\"N9\",\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";
        ValidatableResponse r = upload("fmt-ndjson", "application/x-ndjson", String.join("\n",
            "{\"customer_id\":\"N1\",\"tenure_months\":1,\"churned\":true}",
            "{\"customer_id\":\"N2\",\"tenure_months\":2,",
            "{\"customer_id\":\"N3\",\"tenure_months\":3,\"monthly_charges\":Infinity,\"churned\":true}",
            deep,
            "",
            "{\"customer_id\":\"N5\",\"tenure_months\":5,\"churned\":false}")).statusCode(200)
            .body("source", equalTo("ndjson"))
            .body("rowsRead", equalTo(5)).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(3))
            .body("rejections[0].row", equalTo(2)).body("rejections[0].reason", containsString("malformed JSON"))
            .body("rejections[1].row", equalTo(3)).body("rejections[1].reason", containsString("Infinity"))
            .body("rejections[2].row", equalTo(4)).body("rejections[2].reason", containsString("nested deeper than 32"));
        accounted(r);
    }

    @Test
    void xmlRecordsFromAttributesAndElements() {
        TestContracts.createChurn("fmt-xml");
        upload("fmt-xml", "application/xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <customers>
              <customer customer_id="X1"><tenure_months>12</tenure_months><churned>true</churned></customer>
              <customer customer_id="X2" tenure_months="7" churned="no"/>
              <customer customer_id="X3"><tenure_months>x</tenure_months><churned>true</churned></customer>
              <customer customer_id="X4"><tenure_months>4</tenure_months><churned>true</churned>
            </customers>
            """).statusCode(200)
            .body("source", equalTo("xml"))
            .body("rowsRead", equalTo(4)).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(2))
            .body("rejections[0].row", equalTo(3)).body("rejections[0].field", equalTo("tenure_months"))
            .body("rejections[1].row", equalTo(4)).body("rejections[1].reason", startsWith("malformed XML"));
    }

    @Test
    void xmlWithADoctypeIsRefusedSoNoExternalEntityIsRead() {
        TestContracts.createChurn("fmt-xxe");
        upload("fmt-xxe", "application/xml", """
            <?xml version="1.0"?>
            <!DOCTYPE customers [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <customers><customer customer_id="&xxe;"><tenure_months>1</tenure_months><churned>true</churned></customer></customers>
            """).statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("body")).body("detail", containsString("DOCTYPE"))
            .body("detail", not(containsString("root:")));
    }

    @Test
    void csvOptionsDelimiterEncodingAndNoHeader() {
        TestContracts.createChurn("fmt-csv-options");
        byte[] latin1 = "customer_id;tenure_months;contract;churned\nL1;3;'zwölf; Monate';true\nL2;4;Größe;no\n"
            .getBytes(StandardCharsets.ISO_8859_1);
        upload("fmt-csv-options", "text/csv", latin1, "?delimiter=;&quote='&encoding=ISO-8859-1").statusCode(200)
            .body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(0));
        upload("fmt-csv-options", "text/csv", "H1,5,true\nH2,6,false\n".getBytes(StandardCharsets.UTF_8),
            "?header=false&columns=customer_id,tenure_months,churned").statusCode(200)
            .body("rowsRead", equalTo(2)).body("rowsStored", equalTo(2));
        upload("fmt-csv-options", "text/csv", "H1,5\n".getBytes(StandardCharsets.UTF_8),
            "?header=false&columns=customer_id,tenure_months").statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("churned")).body("detail", containsString("columns parameter"));
        upload("fmt-csv-options", "text/csv", "a\n".getBytes(StandardCharsets.UTF_8), "?delimiter=::")
            .statusCode(400).contentType(PROBLEM).body("field", equalTo("delimiter"));
        upload("fmt-csv-options", "text/csv", "a\n".getBytes(StandardCharsets.UTF_8), "?encoding=UTF-16")
            .statusCode(400).contentType(PROBLEM).body("field", equalTo("encoding"));
    }

    @Test
    void invalidUtf8RejectsItsRowInsteadOfReplacingCharacters() {
        TestContracts.createChurn("fmt-utf8");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("customer_id,tenure_months,contract,churned\nU1,1,ok,true\nU2,2,bad".getBytes(StandardCharsets.UTF_8));
        body.write(0xFF);
        body.writeBytes(",true\nU3,3,Zoë,false\n".getBytes(StandardCharsets.UTF_8));
        upload("fmt-utf8", "text/csv", body.toByteArray(), "").statusCode(200)
            .body("rowsRead", equalTo(3)).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(1))
            .body("rejections[0].row", equalTo(2))
            .body("rejections[0].reason", containsString("not valid UTF-8: invalid byte sequence at byte 9"));
    }

    @Test
    void aTenMegabyteSingleLineIsRejectedWithALimitMessage() {
        TestContracts.createChurn("fmt-10mb");
        byte[] line = new byte[10 * 1024 * 1024];
        Arrays.fill(line, (byte) 'x');
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes((ChurnData.HEADER + "\nM1,1,1.0,1,").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(line);
        body.writeBytes(",true,false\nM2,2,2.0,0,one-year,false,true\n".getBytes(StandardCharsets.UTF_8));
        upload("fmt-10mb", "text/csv", body.toByteArray(), "").statusCode(200)
            .body("rowsRead", equalTo(2)).body("rowsStored", equalTo(1))
            .body("rejections[0].row", equalTo(1))
            .body("rejections[0].reason", containsString("longer than the limit of 1048576 characters"));
        byte[] ndjson = ("{\"customer_id\":\"M3\",\"contract\":\"" + "y".repeat(10 * 1024 * 1024)
            + "\"}\n{\"customer_id\":\"M4\",\"tenure_months\":1,\"churned\":true}\n").getBytes(StandardCharsets.UTF_8);
        upload("fmt-10mb", "application/x-ndjson", ndjson, "").statusCode(200)
            .body("rowsRead", equalTo(2)).body("rowsStored", equalTo(1))
            .body("rejections[0].reason", containsString("longer than the limit of 1048576 characters"));
    }

    @Test
    void emptyBodiesAreA400InEveryFormat() {
        TestContracts.createChurn("fmt-empty");
        for (String type : new String[] {"text/csv", "application/json", "application/x-ndjson", "application/xml"}) {
            upload("fmt-empty", type, "").statusCode(400).contentType(PROBLEM).body("field", equalTo("body"));
        }
        upload("fmt-empty", "application/json", "{\"customer_id\":\"E1\"}").statusCode(400).contentType(PROBLEM)
            .body("detail", containsString("application/x-ndjson"));
    }

    @Test
    void anUnsupportedMediaTypeIsA415Problem() {
        TestContracts.createChurn("fmt-415");
        upload("fmt-415", "application/pdf", "%PDF-1.4").statusCode(415).contentType(PROBLEM);
        upload("fmt-415", "text/plain", "a,b").statusCode(415).contentType(PROBLEM);
    }

    @Test
    void anUnknownDatasetIsA404InEveryFormat() {
        upload("fmt-nowhere", "application/x-ndjson", "{\"a\":1}").statusCode(404).contentType(PROBLEM);
        upload("fmt-nowhere", "application/xml", "<r><a/></r>").statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aBodyOverTheLimitIsA413() throws IOException {
        TestContracts.createChurn("fmt-413");
        // a raw socket: the server answers as soon as it sees the Content-Length, before the body is sent
        // (an HTTP client that insists on sending the whole body first only sees the connection closed)
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/datasets/fmt-413/records HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + TestTokens.writer() + "\r\nContent-Type: text/csv\r\nContent-Length: " + (17 * 1024 * 1024)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write((ChurnData.HEADER + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            StringBuilder response = new StringBuilder(status).append('\n');
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                response.append(line).append('\n');
            }
            char[] body = new char[4096];
            int n = in.read(body);
            String text = response.toString().toLowerCase(java.util.Locale.ROOT);
            String detail = n > 0 ? new String(body, 0, n) : "";
            LOG.infof("413 response: %s%s", response, detail);
            assertTrue(status.startsWith("HTTP/1.1 413"), status);
            assertTrue(text.contains("content-type: application/problem+json"), text);
            assertTrue(detail.contains("max-body-size") && detail.contains("\"status\":413"), detail);
        }
        // the service stays up
        upload("fmt-413", "text/csv", ChurnData.csv(3, 5)).statusCode(200).body("rowsStored", equalTo(3));
    }

    @Test
    void aJsonArrayOfTwoHundredRecordsIsStoredWhole() {
        TestContracts.createChurn("fmt-json-many");
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 200; i++) {
            json.append(i == 0 ? "" : ",").append("{\"customer_id\":\"K").append(i)
                .append("\",\"tenure_months\":").append(i).append(",\"churned\":").append(i % 2 == 0).append('}');
        }
        upload("fmt-json-many", "application/json", json.append(']').toString()).statusCode(200)
            .body("rowsStored", equalTo(200)).body("rejections", hasSize(0));
    }

    @Test
    void theRunRecordsTheSizeAndSha256OfTheUploadedBytes() throws Exception {
        TestContracts.createChurn("fmt-lineage");
        byte[] body = ChurnData.csv(25, 11).getBytes(StandardCharsets.UTF_8);
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
        String runId = upload("fmt-lineage", "text/csv", body, "").statusCode(200)
            .body("bytesRead", equalTo(body.length)).body("inputSha256", equalTo(sha))
            .extract().path("runId");
        asReader().when().get("/v1/runs/" + runId).then().statusCode(200)
            .body("bytesRead", equalTo(body.length)).body("inputSha256", equalTo(sha));
    }

    @Test
    void aRequiredColumnWithADefaultMayBeMissingFromTheHeader() {
        given().auth().oauth2(TestTokens.writer()).contentType("application/json").body("""
            {"fields":[{"name":"id","type":"string","required":true},
                       {"name":"region","type":"string","required":true,"default":"eu"},
                       {"name":"amount","type":"decimal","required":true}],
             "key":"id"}
            """).when().put("/v1/datasets/fmt-defaults").then().statusCode(201);
        upload("fmt-defaults", "text/csv", "id,amount\nA,1.5\nB,2\n").statusCode(200)
            .body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(0));
        // a required column without a default is still refused up front, naming the column
        upload("fmt-defaults", "text/csv", "id,region\nA,us\n").statusCode(400)
            .contentType(PROBLEM).body("field", equalTo("amount"));
    }
}
