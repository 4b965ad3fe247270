package io.meridian.ingest.service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.model.FieldType;
import io.meridian.problem.ProblemException;

/** Checks a proposed dataset contract; every problem is a 400 naming the input at fault. */
public final class ContractValidator {
    /** Dataset names: lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 63. */
    public static final Pattern DATASET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final int MAX_FIELD_NAME = 128;

    /** One proposed column as sent by a client; {@code type} is the JSON type name. */
    public record ProposedField(String name, String type, Boolean required) {
    }

    private ContractValidator() {
    }

    public static void checkName(String name) {
        if (name == null || !DATASET_NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("name", "Dataset name '" + name
                + "' is invalid: use 1-63 lower-case letters, digits, '_' or '-', starting with a letter or digit.");
        }
    }

    /** The validated fields in the order given. */
    public static List<FieldDefinition> checkFields(List<ProposedField> proposed, String key, String label) {
        if (proposed == null || proposed.isEmpty()) {
            throw ProblemException.badRequest("fields", "A contract needs at least one field.");
        }
        List<FieldDefinition> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < proposed.size(); i++) {
            ProposedField p = proposed.get(i);
            String at = "fields[" + i + "]";
            if (p == null) {
                throw ProblemException.badRequest(at, "Field " + i + " is null.");
            }
            String name = p.name();
            if (name == null || name.isBlank() || !name.strip().equals(name) || name.length() > MAX_FIELD_NAME) {
                throw ProblemException.badRequest(at + ".name", "Field " + i + " needs a name of 1-" + MAX_FIELD_NAME
                    + " characters without leading or trailing spaces.");
            }
            if (!names.add(name)) {
                throw ProblemException.badRequest(at + ".name", "Field '" + name + "' is declared twice.");
            }
            FieldType type = FieldType.fromWireName(p.type()).orElseThrow(() -> ProblemException.badRequest(
                at + ".type", "Field '" + name + "' has unknown type '" + p.type() + "'; known types: "
                    + FieldType.wireNames() + "."));
            fields.add(new FieldDefinition(name, type, Boolean.TRUE.equals(p.required())));
        }
        if (key == null || key.isBlank()) {
            throw ProblemException.badRequest("key", "A contract needs a key field naming one of its fields.");
        }
        if (!names.contains(key)) {
            throw ProblemException.badRequest("key", "Key '" + key + "' is not one of the contract's fields.");
        }
        if (label != null && !names.contains(label)) {
            throw ProblemException.badRequest("label", "Label '" + label + "' is not one of the contract's fields.");
        }
        return fields;
    }
}
