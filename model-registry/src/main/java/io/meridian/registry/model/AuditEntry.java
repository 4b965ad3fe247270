package io.meridian.registry.model;

import java.time.Instant;
import java.util.Map;

/** One line of a model's append-only audit trail: who (token subject) did what, when. */
public record AuditEntry(long id, String modelName, String action, String subject, Long version, String alias,
    Map<String, Object> details, Instant at) {

    /** A version was registered. */
    public static final String VERSION_CREATED = "MODEL_VERSION_CREATED";
    /** An alias was created or moved. */
    public static final String ALIAS_SET = "ALIAS_SET";
}
