package io.meridian.ingest.model;

/**
 * One rule a record failed. {@code field} is empty when the whole record is at fault (e.g. malformed input);
 * {@code rule} is one of required, nullable, type, min, max, regex, allowed, enum, cross-field, parse.
 */
public record RuleViolation(String field, String rule, String message) {
}
