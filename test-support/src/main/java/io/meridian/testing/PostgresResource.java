package io.meridian.testing;

import java.util.Map;

import io.meridian.embedded.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the application under test a database of its own on the JVM's real embedded PostgreSQL. The
 * database name comes from the init argument {@code database} (default {@code meridian_test}).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private String database = "meridian_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        EmbeddedPostgresServer pg = SharedInfra.postgres();
        return Map.of(
            "quarkus.datasource.jdbc.url", pg.createDatabase(database),
            "quarkus.datasource.username", pg.user(),
            "quarkus.datasource.password", pg.password());
    }

    @Override
    public void stop() {
        // shared by every application in the JVM; stopped at JVM exit
    }
}
