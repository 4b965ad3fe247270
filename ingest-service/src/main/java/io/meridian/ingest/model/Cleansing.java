package io.meridian.ingest.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Cleansing applied to raw text values BEFORE validation, at contract level and per field (a field's non-null
 * setting overrides the contract's).
 *
 * @param trim               strip leading and trailing white space
 * @param caseMode           {@code lower} or {@code upper} (JSON {@code case})
 * @param nullTokens         texts read as a missing value, e.g. {@code ["", "NA", "N/A", "null", "None"]}
 *                           (compared after trimming, case-sensitive)
 * @param thousandsSeparator numeric fields: a grouping character removed before parsing, e.g. {@code ","}
 * @param decimalComma       numeric fields: {@code 1.234,5} means 1234.5 ('.' groups, ',' is the decimal mark)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cleansing(Boolean trim, @JsonProperty("case") String caseMode, List<String> nullTokens,
    String thousandsSeparator, Boolean decimalComma) {

    /** The null tokens of {@code "nullTokens": true} or when a contract asks for the defaults. */
    public static final List<String> DEFAULT_NULL_TOKENS = List.of("", "NA", "N/A", "null", "None");

    /** No cleansing (v1 behaviour: blank text counts as missing, nothing else changes). */
    public static final Cleansing NONE = new Cleansing(null, null, null, null, null);

    public Cleansing {
        nullTokens = nullTokens == null ? null : List.copyOf(nullTokens);
    }

    /** This field-level cleansing over the contract-level {@code base}. */
    public Cleansing over(Cleansing base) {
        if (base == null) {
            return this;
        }
        return new Cleansing(trim != null ? trim : base.trim, caseMode != null ? caseMode : base.caseMode,
            nullTokens != null ? nullTokens : base.nullTokens,
            thousandsSeparator != null ? thousandsSeparator : base.thousandsSeparator,
            decimalComma != null ? decimalComma : base.decimalComma);
    }
}
