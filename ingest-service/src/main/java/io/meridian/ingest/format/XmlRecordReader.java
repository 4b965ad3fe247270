package io.meridian.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.meridian.ingest.model.SourceRecord;
import io.meridian.problem.ProblemException;

/**
 * {@code application/xml}: a root element whose child elements are the records, read with StAX:
 * <pre>{@code
 * <customers>
 *   <customer customer_id="C1">            <!-- attributes are fields -->
 *     <tenure_months>12</tenure_months>    <!-- so are child elements with text -->
 *     <churned>true</churned>
 *   </customer>
 *   ...
 * </customers>
 * }</pre>
 * Names are local names (namespaces ignored); an empty element is an empty value. Coordinates are
 * {@code <source>:<line> /<root>/<record>[n]} (XPath, 1-based per element name). A record whose field has
 * child elements, repeats a field, has text outside its fields or is over the size limit is rejected on its
 * own. Malformed XML cannot be resynchronised: the records before the break are kept and the rest of the
 * document becomes one rejection naming the line and column. DTDs and external entities are refused (XXE).
 */
final class XmlRecordReader implements RecordReader {
    private final InputStream in;
    private final XMLStreamReader xml;
    private final ReadLimits limits;
    private final String source;
    private final String root;
    private final Map<String, Integer> countByName = new HashMap<>();
    private long position;
    private boolean finished;

    XmlRecordReader(InputStream in, ReadLimits limits, String source) throws IOException {
        this.in = in;
        this.limits = limits;
        this.source = source;
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        try {
            this.xml = factory.createXMLStreamReader(in);
            String found = null;
            while (found == null && xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw ProblemException.badRequest("body",
                        "XML uploads must not contain a DOCTYPE (DTDs and entities are refused).");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    found = xml.getLocalName();
                }
            }
            if (found == null) {
                throw ProblemException.badRequest("body", "The upload has no root element: send "
                    + "<records><record>...</record>...</records>.");
            }
            this.root = found;
        } catch (XMLStreamException e) {
            in.close();
            throw ProblemException.badRequest("body", "The upload is not well-formed XML: " + describe(e));
        }
    }

    @Override
    public Item next() throws IOException {
        if (finished) {
            return null;
        }
        long index = position;
        String coordinates = source + ":" + xml.getLocation().getLineNumber();
        try {
            while (true) {
                int event = xml.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        position++;
                        String name = xml.getLocalName();
                        int n = countByName.merge(name, 1, Integer::sum);
                        coordinates = source + ":" + xml.getLocation().getLineNumber() + " /" + root + "/" + name
                            + "[" + n + "]";
                        return record(name, coordinates);
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        finished = true;
                        while (xml.hasNext()) {
                            xml.next();
                        }
                        return null;
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
                        if (!xml.isWhiteSpace() && !xml.getText().isBlank()) {
                            position++;
                            return Item.unparseable(position, source + ":" + xml.getLocation().getLineNumber(),
                                abbreviate(xml.getText()), "", "text between records is not a record");
                        }
                    }
                    case XMLStreamConstants.DTD -> throw new XMLStreamException("a DOCTYPE is not allowed here");
                    default -> {
                        // comments, processing instructions, whitespace
                    }
                }
            }
        } catch (XMLStreamException e) {
            finished = true;
            if (position == index) {
                position++;
            }
            return Item.unparseable(position, coordinates, null, "", "malformed XML: " + describe(e)
                + "; the document cannot be read past this point, so it is not read from here on");
        }
    }

    /** Reads the record whose START_ELEMENT is current, up to and including its END_ELEMENT. */
    private Item record(String name, String coordinates) throws XMLStreamException {
        StringBuilder payload = new StringBuilder();
        Map<String, Object> fields = new LinkedHashMap<>();
        String error = null;
        String errorField = "";
        payload.append('<').append(name);
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            String attribute = xml.getAttributeLocalName(i);
            String value = xml.getAttributeValue(i);
            payload.append(' ').append(attribute).append("=\"").append(escape(value)).append('"');
            if (fields.put(attribute, value) != null && error == null) {
                error = "the field '" + attribute + "' appears twice in the record";
                errorField = attribute;
            }
        }
        payload.append('>');
        int depth = 1;
        String field = null;
        StringBuilder text = null;
        while (depth > 0) {
            int event = xml.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    if (error != null) {
                        continue;
                    }
                    if (depth == 2) {
                        field = xml.getLocalName();
                        text = new StringBuilder();
                        payload.append('<').append(field).append('>');
                        if (fields.containsKey(field)) {
                            error = "the field '" + field + "' appears twice in the record";
                            errorField = field;
                        }
                    } else {
                        error = "the field '" + field + "' contains elements; a field must be text only";
                        errorField = field;
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    depth--;
                    if (error == null && depth == 1) {
                        fields.put(field, text.toString());
                        payload.append("</").append(field).append('>');
                        field = null;
                        text = null;
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE,
                    XMLStreamConstants.ENTITY_REFERENCE -> {
                    if (error != null) {
                        continue;
                    }
                    if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                        error = "the record refers to the entity '" + xml.getLocalName() + "'; entities are not allowed";
                        errorField = field == null ? "" : field;
                    } else if (depth == 2) {
                        text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
                        payload.append(escape(xml.getText()));
                    } else if (depth == 1 && !xml.getText().isBlank()) {
                        error = "the record has text outside its field elements";
                    }
                }
                default -> {
                    // comments and processing instructions inside a record are ignored
                }
            }
            if (error == null && payload.length() > limits.maxRecordChars()) {
                error = "the record is longer than the limit of " + limits.maxRecordChars() + " characters";
                errorField = "";
            }
        }
        if (error != null) {
            return Item.unparseable(position, coordinates, abbreviate(payload.toString()), errorField, error);
        }
        payload.append("</").append(name).append('>');
        return Item.parsed(new SourceRecord(position, coordinates, fields, payload.toString()));
    }

    private String abbreviate(String text) {
        return text.length() <= limits.maxRecordChars() ? text : text.substring(0, limits.maxRecordChars());
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String describe(XMLStreamException e) {
        Location at = e.getLocation();
        String message = e.getMessage();
        // the JDK prefixes "ParseError at [row,col]:[r,c]\nMessage: "
        int m = message == null ? -1 : message.indexOf("Message: ");
        String reason = m >= 0 ? message.substring(m + "Message: ".length()) : String.valueOf(message);
        return at == null ? reason : "at line " + at.getLineNumber() + ", column " + at.getColumnNumber() + ": " + reason;
    }

    @Override
    public void close() throws IOException {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // nothing to release beyond the stream
        }
        in.close();
    }
}
