package io.meridian.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsed command line: {@code <command> [options] [arguments]}. Options take a value as the next word or after
 * {@code =}; {@code --home} falls back to {@code MERIDIAN_HOME}, {@code --root} to {@code MERIDIAN_ROOT}.
 *
 * @param command      demo, up, down, status, token, help (or the internal infra)
 * @param arguments    words after the command that are not options (token roles)
 * @param home         instance folder
 * @param root         checkout holding the built modules, null to derive it from the launcher's location
 * @param portBase     ingest-service port, the others follow; 0 for any free ports
 * @param kafkaPort    preferred Kafka port (falls back to a free one if busy)
 * @param postgresPort preferred PostgreSQL port (same)
 * @param mqttPort     preferred MQTT port (same)
 * @param timeout      how long services may take to become ready, and each demo step may wait
 * @param ttl          token lifetime
 * @param subject      token subject
 */
public record CliArgs(String command, List<String> arguments, Path home, Path root, int portBase, int kafkaPort,
                      int postgresPort, int mqttPort, Duration timeout, Duration ttl, String subject) {
    public static final Set<String> COMMANDS = Set.of("demo", "up", "down", "status", "token", "help", "infra");

    public CliArgs {
        arguments = List.copyOf(arguments);
    }

    /** Parses {@code args}; {@code env} supplies MERIDIAN_HOME / MERIDIAN_ROOT. */
    public static CliArgs parse(String[] args, Map<String, String> env) {
        String command = null;
        List<String> arguments = new ArrayList<>();
        Path home = Path.of(env.getOrDefault("MERIDIAN_HOME", ".meridian"));
        Path root = env.containsKey("MERIDIAN_ROOT") ? Path.of(env.get("MERIDIAN_ROOT")) : null;
        int portBase = Service.DEFAULT_PORT_BASE;
        LocalInfra.InfraPorts infra = LocalInfra.InfraPorts.defaults();
        int kafka = infra.kafka();
        int postgres = infra.postgres();
        int mqtt = infra.mqtt();
        Duration timeout = Duration.ofSeconds(300);
        Duration ttl = Duration.ofHours(12);
        String subject = "meridian-cli";
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            if (word.equals("-h") || word.equals("--help")) {
                command = "help";
                continue;
            }
            if (!word.startsWith("--")) {
                if (command == null) {
                    command = word;
                } else {
                    arguments.add(word);
                }
                continue;
            }
            String name = word;
            String value;
            int eq = word.indexOf('=');
            if (eq > 0) {
                name = word.substring(0, eq);
                value = word.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(word + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "--home" -> home = Path.of(value);
                case "--root" -> root = Path.of(value);
                case "--port-base" -> portBase = port(name, value);
                case "--kafka-port" -> kafka = port(name, value);
                case "--postgres-port" -> postgres = port(name, value);
                case "--mqtt-port" -> mqtt = port(name, value);
                case "--timeout" -> timeout = Duration.ofSeconds(positive(name, value));
                case "--ttl" -> ttl = duration(value);
                case "--subject" -> subject = value;
                default -> throw new IllegalArgumentException("unknown option " + name + " (see: meridian help)");
            }
        }
        if (command == null) {
            command = "help";
        }
        if (!COMMANDS.contains(command)) {
            throw new IllegalArgumentException("unknown command '" + command + "' (see: meridian help)");
        }
        if (portBase > 0 && portBase + Service.values().length - 1 > 65535) {
            throw new IllegalArgumentException("--port-base " + portBase + " leaves no room for six services");
        }
        return new CliArgs(command, arguments, home, root, portBase, kafka, postgres, mqtt, timeout, ttl, subject);
    }

    public LocalInfra.InfraPorts infraPorts() {
        return new LocalInfra.InfraPorts(kafkaPort, postgresPort, mqttPort);
    }

    /** Token roles from the arguments ({@code writer admin} or {@code writer,admin}), default writer. */
    public List<String> roles() {
        List<String> roles = new ArrayList<>();
        arguments.forEach(a -> List.of(a.split(",")).stream().map(String::trim).filter(r -> !r.isEmpty()).forEach(roles::add));
        return roles.isEmpty() ? List.of("writer") : roles;
    }

    static int port(String option, String value) {
        int port = parseInt(option, value);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " must be a port between 0 and 65535, not " + value);
        }
        return port;
    }

    static int positive(String option, String value) {
        int n = parseInt(option, value);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive, not " + value);
        }
        return n;
    }

    private static int parseInt(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, not '" + value + "'", e);
        }
    }

    /** {@code 90} (seconds), {@code 30m}, {@code 12h}, {@code 7d}. */
    static Duration duration(String value) {
        var m = java.util.regex.Pattern.compile("(\\d+)([smhd]?)").matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--ttl needs a duration like 3600, 30m, 12h or 7d, not '" + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        if (n <= 0) {
            throw new IllegalArgumentException("--ttl must be positive");
        }
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
