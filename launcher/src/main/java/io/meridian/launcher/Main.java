package io.meridian.launcher;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code ./meridian <command>}: runs the platform on this machine. See {@link #USAGE}.
 */
public final class Main {
    static final String USAGE = """
        Usage: ./meridian <command> [options]

        Commands:
          demo            start everything, walk the loop (ingest -> features -> training -> registry ->
                          inference -> monitor) printing each step, then stop everything
          up              start the infrastructure and the six services in the background
          down            stop what 'up' started (services, then infrastructure)
          status          show each component, up or down, with its URL or port
          token [roles]   print a JWT signed with the running instance's key (default role: writer),
                          e.g. curl -H "Authorization: Bearer $(./meridian token)" ...
          help            this text

        Options:
          --home DIR          instance folder: logs, data, state.json, keys (default ./.meridian, env MERIDIAN_HOME)
          --port-base N       HTTP port of ingest-service, the other five follow (default 8081; 0 = any free ports)
          --kafka-port N      preferred Kafka port (default 9092), --postgres-port N (5432), --mqtt-port N (1883);
                              a busy infrastructure port falls back to a free one
          --timeout SECONDS   how long services may take to become ready, and a demo step may wait (default 300)
          --root DIR          checkout holding the built modules (default: derived from the launcher jar,
                              env MERIDIAN_ROOT)
          --ttl DURATION      token lifetime, e.g. 3600, 30m, 12h, 7d (default 12h); --subject NAME (meridian-cli)

        Logs: <home>/logs/<service>.log and <home>/logs/infra.log. Services get their settings (ports, broker and
        database addresses, the JWT public key) through environment variables only.
        """;

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        CliArgs cli;
        try {
            cli = CliArgs.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            err.println("meridian: " + e.getMessage());
            return 2;
        }
        Commands commands = new Commands(cli, rootOf(cli), out, err);
        try {
            return switch (cli.command()) {
                case "demo" -> commands.demo();
                case "up" -> commands.up();
                case "down" -> commands.down();
                case "status" -> commands.status();
                case "token" -> commands.token();
                case "infra" -> commands.infra();
                default -> {
                    out.print(USAGE);
                    yield 0;
                }
            };
        } catch (PlatformException e) {
            err.println("meridian " + cli.command() + ": " + e.getMessage());
            return 1;
        }
    }

    /** {@code --root}, else the checkout the launcher jar was built in ({@code <root>/launcher/target/launcher.jar}). */
    static Path rootOf(CliArgs cli) {
        if (cli.root() != null) {
            return cli.root().toAbsolutePath().normalize();
        }
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // launcher/target/launcher.jar or launcher/target/classes
            Path candidate = location.getParent().getParent().getParent();
            if (candidate != null && candidate.resolve("launcher").toFile().isDirectory()) {
                return candidate;
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }
}
