package io.meridian.ingest.format;

import java.util.Locale;
import java.util.Optional;

/** The file formats an upload or an inbox file can have, by media type and by file extension. */
public enum FileFormat {
    CSV("text/csv", ".csv"),
    JSON("application/json", ".json"),
    NDJSON("application/x-ndjson", ".ndjson"),
    XML("application/xml", ".xml");

    /** Media types accepted for uploads (besides the canonical one of each format). */
    public static final String TEXT_XML = "text/xml";
    public static final String JSONL = "application/jsonl";

    private final String mediaType;
    private final String extension;

    FileFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** The format of a media type such as {@code text/csv; charset=ISO-8859-1}; empty when not supported. */
    public static Optional<FileFormat> ofMediaType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv" -> Optional.of(CSV);
            case "application/json" -> Optional.of(JSON);
            case "application/x-ndjson", JSONL -> Optional.of(NDJSON);
            case "application/xml", TEXT_XML -> Optional.of(XML);
            default -> Optional.empty();
        };
    }

    /** The format of a file name by its extension (case-insensitive); empty when not supported. */
    public static Optional<FileFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (FileFormat f : values()) {
            if (lower.endsWith(f.extension) && lower.length() > f.extension.length()) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The run source name, e.g. {@code csv}. */
    public String sourceName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
