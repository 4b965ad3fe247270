package io.meridian.launcher;

import java.nio.file.Path;
import java.util.Optional;

/** The six Meridian services: Maven module, port offset from the port base, and database (if any). */
public enum Service {
    INGEST("ingest-service", 0, "meridian_ingest"),
    FEATURES("feature-service", 1, "meridian_features"),
    TRAINING("training-service", 2, "meridian_training"),
    REGISTRY("model-registry", 3, "meridian_registry"),
    INFERENCE("inference-service", 4, null),
    MONITOR("monitor-service", 5, null);

    /** The default port of {@link #INGEST}; the others follow (8081..8086). */
    public static final int DEFAULT_PORT_BASE = 8081;

    private final String module;
    private final int portOffset;
    private final String database;

    Service(String module, int portOffset, String database) {
        this.module = module;
        this.portOffset = portOffset;
        this.database = database;
    }

    /** Maven module folder and process name, e.g. {@code ingest-service}. */
    public String module() {
        return module;
    }

    public int portOffset() {
        return portOffset;
    }

    /** The service's own PostgreSQL database, empty for stateless services. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    /** The packaged application under a checkout root. */
    public Path runJar(Path root) {
        return root.resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** Looks a service up by module name ({@code model-registry}) or enum name ({@code registry}). */
    public static Service byName(String name) {
        for (Service service : values()) {
            if (service.module.equalsIgnoreCase(name) || service.name().equalsIgnoreCase(name)) {
                return service;
            }
        }
        throw new IllegalArgumentException("unknown service: " + name);
    }
}
