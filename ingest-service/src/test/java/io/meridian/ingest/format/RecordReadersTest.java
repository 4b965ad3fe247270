package io.meridian.ingest.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meridian.problem.ProblemException;

class RecordReadersTest {
    private static final ReadLimits LIMITS = new ReadLimits(1024, 8);

    private static List<RecordReader.Item> read(FileFormat format, byte[] body, CsvOptions csv, ReadLimits limits)
        throws IOException {
        try (RecordReader reader = RecordReaders.open(format, new ByteArrayInputStream(body), csv, limits,
            "in" + format.extension())) {
            List<RecordReader.Item> items = new ArrayList<>();
            RecordReader.Item item;
            while ((item = reader.next()) != null) {
                items.add(item);
            }
            return items;
        }
    }

    private static List<RecordReader.Item> read(FileFormat format, String body) throws IOException {
        return read(format, body.getBytes(StandardCharsets.UTF_8), CsvOptions.DEFAULT, LIMITS);
    }

    private static ProblemException refused(FileFormat format, String body) {
        return assertThrows(ProblemException.class, () -> read(format, body));
    }

    private static void assertPositions(List<RecordReader.Item> items) {
        for (int i = 0; i < items.size(); i++) {
            assertEquals(i + 1, items.get(i).record().position(), "positions are 1-based and consecutive");
        }
    }

    // ---- CSV ---------------------------------------------------------------------------------------

    @Test
    void csvRecordsCarryLineCoordinatesAndTheirOriginalText() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.CSV, "id,v\r\n1,\"a\r\nb\"\r\n2,x\r\n");
        assertEquals(2, items.size());
        assertEquals(Map.of("id", "1", "v", "a\r\nb"), items.get(0).record().fields());
        assertEquals("in.csv:2", items.get(0).record().coordinates());
        assertEquals("1,\"a\r\nb\"", items.get(0).record().payload());
        assertEquals("in.csv:4", items.get(1).record().coordinates());
        assertPositions(items);
    }

    @Test
    void csvOptionsDelimiterQuoteEncodingAndNoHeader() throws IOException {
        CsvOptions options = CsvOptions.of("semicolon", "'", "ISO-8859-1", "false", "id,name");
        byte[] body = "1;'Müller; Jörg'\n2;Zoë\n".getBytes(StandardCharsets.ISO_8859_1);
        List<RecordReader.Item> items = read(FileFormat.CSV, body, options, LIMITS);
        assertEquals(Map.of("id", "1", "name", "Müller; Jörg"), items.get(0).record().fields());
        assertEquals(Map.of("id", "2", "name", "Zoë"), items.get(1).record().fields());
        assertEquals("in.csv:1", items.get(0).record().coordinates());
    }

    @Test
    void csvOptionsAreValidated() {
        assertEquals("delimiter", assertThrows(ProblemException.class,
            () -> CsvOptions.of("ab", null, null, null, null)).field());
        assertEquals("quote", assertThrows(ProblemException.class,
            () -> CsvOptions.of(",", ",", null, null, null)).field());
        assertEquals("encoding", assertThrows(ProblemException.class,
            () -> CsvOptions.of(null, null, "no-such-charset", null, null)).field());
        assertEquals("encoding", assertThrows(ProblemException.class,
            () -> CsvOptions.of(null, null, "UTF-16", null, null)).field());
        assertEquals("header", assertThrows(ProblemException.class,
            () -> CsvOptions.of(null, null, null, "maybe", null)).field());
        assertEquals("columns", assertThrows(ProblemException.class,
            () -> CsvOptions.of(null, null, null, "false", null)).field());
        assertEquals("columns", assertThrows(ProblemException.class,
            () -> CsvOptions.of(null, null, null, "true", "a,b")).field());
        assertEquals('\t', CsvOptions.of("tab", null, null, null, null).delimiter());
        assertEquals(StandardCharsets.ISO_8859_1, CsvOptions.of(null, null, "latin1", null, null).charset());
    }

    @Test
    void invalidUtf8CostsOnlyItsOwnRowWithAClearReason() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("id,v\n1,ok\n2,".getBytes(StandardCharsets.UTF_8));
        body.write(0xC3);
        body.write(0x28); // 0xC3 must be followed by a continuation byte
        body.writeBytes("\n3,fine é\n".getBytes(StandardCharsets.UTF_8));
        List<RecordReader.Item> items = read(FileFormat.CSV, body.toByteArray(), CsvOptions.DEFAULT, LIMITS);
        assertEquals(3, items.size());
        assertTrue(items.get(0).ok());
        assertFalse(items.get(1).ok());
        assertTrue(items.get(1).error().contains("not valid UTF-8"), items.get(1).error());
        assertTrue(items.get(1).error().contains("byte 3"), items.get(1).error());
        assertEquals("in.csv:3", items.get(1).record().coordinates());
        assertEquals(Map.of("id", "3", "v", "fine é"), items.get(2).record().fields());
        assertPositions(items);
    }

    @Test
    void aBomIsDroppedAndAnEmptyInputRefused() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.CSV, "\uFEFFid,v\n1,2\n");
        assertEquals(Map.of("id", "1", "v", "2"), items.get(0).record().fields());
        assertEquals("body", refused(FileFormat.CSV, "").field());
        assertEquals("body", refused(FileFormat.CSV, "\n\n").field());
        assertEquals("header", refused(FileFormat.CSV, "id,\"v\n").field());
        assertEquals("v", refused(FileFormat.CSV, "v,id,v\n").field());
    }

    @Test
    void wrongColumnCountsAndUnbalancedQuotesAreRowRejections() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.CSV, "id,v\n1\n2,\"open\n3,x,y\n4,ok\n");
        assertEquals(4, items.size());
        assertTrue(items.get(0).error().contains("expected 2 columns"));
        assertTrue(items.get(1).error().contains("quot"), items.get(1).error());
        assertTrue(items.get(2).error().contains("found 3"));
        assertTrue(items.get(3).ok());
        assertEquals("in.csv:5", items.get(3).record().coordinates());
    }

    @Test
    void aTenMegabyteLineIsRejectedWithALimitMessageWithoutBeingKept() throws IOException {
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        InputStream body = new SequenceInputStream(java.util.Collections.enumeration(List.of(
            new ByteArrayInputStream("id,v\n1,".getBytes(StandardCharsets.UTF_8)), new ByteArrayInputStream(huge),
            new ByteArrayInputStream("\n2,ok\n".getBytes(StandardCharsets.UTF_8)))));
        try (RecordReader reader = RecordReaders.open(FileFormat.CSV, body, CsvOptions.DEFAULT, LIMITS, "big.csv")) {
            RecordReader.Item first = reader.next();
            assertTrue(first.error().contains("longer than the limit of 1024"), first.error());
            assertEquals("big.csv:2", first.record().coordinates());
            assertEquals(Map.of("id", "2", "v", "ok"), reader.next().record().fields());
            assertNull(reader.next());
        }
    }

    // ---- NDJSON ------------------------------------------------------------------------------------

    @Test
    void ndjsonReadsTypedScalarsAndNestedValuesAsJsonText() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.NDJSON,
            "{\"id\":\"a\",\"n\":12,\"d\":1.5,\"b\":true,\"z\":null,\"o\":{\"x\":[1,2]}}\n\n{\"id\":\"b\"}\n");
        assertEquals(2, items.size());
        Map<String, ?> fields = items.get(0).record().fields();
        assertEquals("a", fields.get("id"));
        assertEquals(12L, fields.get("n"));
        assertEquals(1.5, fields.get("d"));
        assertEquals(Boolean.TRUE, fields.get("b"));
        assertTrue(fields.containsKey("z") && fields.get("z") == null);
        assertEquals("{\"x\":[1,2]}", fields.get("o"));
        assertEquals("in.ndjson:1", items.get(0).record().coordinates());
        assertEquals("in.ndjson:3", items.get(1).record().coordinates());
        assertEquals("{\"id\":\"b\"}", items.get(1).record().payload());
    }

    @Test
    void aBrokenNdjsonLineCostsOnlyThatLine() throws IOException {
        String deep = "{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}";
        List<RecordReader.Item> items = read(FileFormat.NDJSON, String.join("\n",
            "{\"id\":1}", "{\"id\":2,", "{\"id\":NaN}", "[1,2]", deep, "{\"id\":3} {\"id\":4}",
            "{\"id\":5,\"id\":6}", "\uFEFF{\"id\":7}", "{\"id\":8}"));
        assertEquals(9, items.size());
        assertTrue(items.get(0).ok());
        assertTrue(items.get(1).error().startsWith("malformed JSON at line 1"), items.get(1).error());
        assertTrue(items.get(2).error().contains("NaN"), items.get(2).error());
        assertTrue(items.get(3).error().contains("not a JSON object"));
        assertTrue(items.get(4).error().contains("nested deeper than 8 levels"), items.get(4).error());
        assertTrue(items.get(5).error().contains("after the object"));
        assertEquals("id", items.get(6).field());
        assertFalse(items.get(7).ok(), "a BOM is only allowed at the start of the input");
        assertEquals(Map.of("id", 8L), items.get(8).record().fields());
        assertEquals("in.ndjson:9", items.get(8).record().coordinates());
        assertPositions(items);
    }

    @Test
    void ndjsonEmptyInputIsRefusedAndALeadingBomDropped() throws IOException {
        assertEquals("body", refused(FileFormat.NDJSON, "\n  \n").field());
        assertEquals(Map.of("id", 1L), read(FileFormat.NDJSON, "\uFEFF{\"id\":1}").get(0).record().fields());
    }

    @Test
    void hugeNumbersBecomeInfinityForTheValidatorToRejectAndBigIntegersText() throws IOException {
        Map<String, ?> fields = read(FileFormat.NDJSON, "{\"d\":1e400,\"i\":123456789012345678901234567890}")
            .get(0).record().fields();
        assertEquals(Double.POSITIVE_INFINITY, fields.get("d"));
        assertEquals("123456789012345678901234567890", fields.get("i"));
    }

    // ---- JSON array --------------------------------------------------------------------------------

    @Test
    void jsonArrayElementsAreRecordsWithJsonPathCoordinates() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.JSON, "[\n{\"id\":\"a\"},\n 7,\n{\"id\":\"b\",\"id\":\"c\"},\n{\"id\":\"d\"}\n]\n");
        assertEquals(4, items.size());
        assertEquals("in.json:2 $[0]", items.get(0).record().coordinates());
        assertEquals("{\"id\":\"a\"}", items.get(0).record().payload());
        assertTrue(items.get(1).error().contains("not a JSON object"));
        assertEquals("id", items.get(2).field());
        assertEquals("in.json:5 $[3]", items.get(3).record().coordinates());
        assertPositions(items);
    }

    @Test
    void aBrokenJsonArrayKeepsTheRecordsBeforeTheBreakAndRejectsTheRestOnce() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.JSON,
            "[{\"id\":1},{\"id\":2},{\"id\":3,,},{\"id\":4},{\"id\":5}]");
        assertEquals(3, items.size());
        assertTrue(items.get(0).ok() && items.get(1).ok());
        RecordReader.Item broken = items.get(2);
        assertTrue(broken.error().startsWith("malformed JSON at line 1, column "), broken.error());
        assertTrue(broken.error().contains("$[2] and everything after it is not read"), broken.error());
        assertPositions(items);

        List<RecordReader.Item> nan = read(FileFormat.JSON, "[{\"id\":1},{\"v\":NaN},{\"id\":3}]");
        assertEquals(2, nan.size());
        assertTrue(nan.get(1).error().contains("NaN"), nan.get(1).error());
    }

    @Test
    void deepJsonAndOverLongRecordsCostOneElement() throws IOException {
        String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        StringBuilder wide = new StringBuilder("{");
        for (int i = 0; i < 300; i++) {
            wide.append("\"k").append(i).append("\":1,");
        }
        wide.append("\"id\":0}");
        List<RecordReader.Item> items = read(FileFormat.JSON, "[" + deep + "," + wide + ",{\"id\":1}]");
        assertEquals(3, items.size());
        assertTrue(items.get(0).error() != null && items.get(0).error().contains("nested deeper than 8"),
            String.valueOf(items.get(0)));
        assertEquals("a", items.get(0).field());
        assertTrue(items.get(1).error().contains("longer than the limit of 1024"), items.get(1).error());
        assertEquals(Map.of("id", 1L), items.get(2).record().fields());
    }

    @Test
    void jsonThatIsNotAnArrayOrEmptyIsRefused() {
        assertTrue(refused(FileFormat.JSON, "{\"id\":1}").getMessage().contains("x-ndjson"));
        assertEquals("body", refused(FileFormat.JSON, "   ").field());
        assertEquals("body", refused(FileFormat.JSON, "nope").field());
    }

    @Test
    void contentAfterTheArrayIsOneRejection() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.JSON, "[{\"id\":1}] [{\"id\":2}]");
        assertEquals(2, items.size());
        assertTrue(items.get(1).error().contains("after the end of the array"));
    }

    // ---- XML ---------------------------------------------------------------------------------------

    @Test
    void xmlRecordsTakeAttributesAndChildElementsAsFields() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.XML, """
            <?xml version="1.0" encoding="UTF-8"?>
            <customers>
              <!-- a comment -->
              <customer customer_id="C1">
                <tenure_months>12</tenure_months>
                <contract><![CDATA[two-year & more]]></contract>
                <empty/>
              </customer>
              <customer customer_id="C2"><tenure_months>3</tenure_months></customer>
              <customer customer_id="C3"><tenure_months><n>1</n></tenure_months></customer>
              <customer customer_id="C4" tenure_months="1"><tenure_months>2</tenure_months></customer>
              <customer customer_id="C5">stray text<tenure_months>2</tenure_months></customer>
            </customers>
            """);
        assertEquals(5, items.size());
        assertEquals(Map.of("customer_id", "C1", "tenure_months", "12", "contract", "two-year & more", "empty", ""),
            items.get(0).record().fields());
        assertEquals("in.xml:4 /customers/customer[1]", items.get(0).record().coordinates());
        assertEquals("<customer customer_id=\"C2\"><tenure_months>3</tenure_months></customer>",
            items.get(1).record().payload());
        assertEquals("tenure_months", items.get(2).field());
        assertTrue(items.get(2).error().contains("text only"));
        assertTrue(items.get(3).error().contains("twice"));
        assertTrue(items.get(4).error().contains("outside its field"));
        assertPositions(items);
    }

    @Test
    void malformedXmlKeepsTheRecordsBeforeTheBreak() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.XML,
            "<rs>\n<r id=\"1\"/>\n<r id=\"2\">\n<r id=\"3\"></x>\n<r id=\"4\"/></rs>");
        assertEquals(2, items.size());
        assertEquals(Map.of("id", "1"), items.get(0).record().fields());
        assertTrue(items.get(1).error().startsWith("malformed XML: at line 4"), items.get(1).error());
        assertPositions(items);
        assertEquals("body", refused(FileFormat.XML, "").field());
        assertEquals("body", refused(FileFormat.XML, "not xml").field());
    }

    @Test
    void xmlExternalEntitiesAndDtdsAreRefused() {
        String xxe = """
            <?xml version="1.0"?>
            <!DOCTYPE rs [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <rs><r><id>&xxe;</id></r></rs>
            """;
        ProblemException refused = refused(FileFormat.XML, xxe);
        assertEquals("body", refused.field());
        assertTrue(refused.getMessage().contains("DOCTYPE"), refused.getMessage());
        assertFalse(refused.getMessage().contains("root:"), "nothing of /etc/passwd leaks");
        String billionLaughs = "<!DOCTYPE rs [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><rs><r v=\"&b;\"/></rs>";
        assertEquals("body", refused(FileFormat.XML, billionLaughs).field());
    }

    @Test
    void anUndeclaredEntityInsideARecordIsMalformed() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.XML, "<rs><r><id>&xxe;</id></r><r><id>2</id></r></rs>");
        assertFalse(items.get(0).ok());
        assertTrue(items.get(0).error().contains("xxe"), items.get(0).error());
    }

    @Test
    void anOverLongXmlRecordIsRejectedAndReadingGoesOn() throws IOException {
        List<RecordReader.Item> items = read(FileFormat.XML,
            "<rs><r><v>" + "x".repeat(5000) + "</v></r><r><v>ok</v></r></rs>");
        assertEquals(2, items.size());
        assertTrue(items.get(0).error().contains("longer than the limit"), items.get(0).error());
        assertEquals(Map.of("v", "ok"), items.get(1).record().fields());
    }
}
