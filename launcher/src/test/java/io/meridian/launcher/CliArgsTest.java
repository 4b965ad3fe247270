package io.meridian.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CliArgsTest {
    @Test
    void defaults() {
        CliArgs args = CliArgs.parse(new String[] {"up"}, Map.of());
        assertEquals("up", args.command());
        assertEquals(Path.of(".meridian"), args.home());
        assertNull(args.root());
        assertEquals(8081, args.portBase());
        assertEquals(new LocalInfra.InfraPorts(9092, 5432, 1883), args.infraPorts());
        assertEquals(Duration.ofSeconds(300), args.timeout());
        assertEquals(List.of("writer"), args.roles());
    }

    @Test
    void noCommandMeansHelp() {
        assertEquals("help", CliArgs.parse(new String[0], Map.of()).command());
        assertEquals("help", CliArgs.parse(new String[] {"--help"}, Map.of()).command());
    }

    @Test
    void optionsInBothForms() {
        CliArgs args = CliArgs.parse(new String[] {"--home", "/tmp/a", "demo", "--port-base=9181", "--kafka-port", "0",
            "--postgres-port=15432", "--mqtt-port", "11883", "--timeout", "60", "--root=/src"}, Map.of());
        assertEquals("demo", args.command());
        assertEquals(Path.of("/tmp/a"), args.home());
        assertEquals(Path.of("/src"), args.root());
        assertEquals(9181, args.portBase());
        assertEquals(new LocalInfra.InfraPorts(0, 15432, 11883), args.infraPorts());
        assertEquals(Duration.ofSeconds(60), args.timeout());
    }

    @Test
    void environmentSuppliesHomeAndRootButOptionsWin() {
        Map<String, String> env = Map.of("MERIDIAN_HOME", "/var/m", "MERIDIAN_ROOT", "/co");
        assertEquals(Path.of("/var/m"), CliArgs.parse(new String[] {"status"}, env).home());
        assertEquals(Path.of("/co"), CliArgs.parse(new String[] {"status"}, env).root());
        assertEquals(Path.of("/x"), CliArgs.parse(new String[] {"status", "--home", "/x"}, env).home());
    }

    @Test
    void tokenRolesAndTtl() {
        CliArgs args = CliArgs.parse(new String[] {"token", "writer,admin", "reader", "--ttl", "30m", "--subject", "ana"},
            Map.of());
        assertEquals(List.of("writer", "admin", "reader"), args.roles());
        assertEquals(Duration.ofMinutes(30), args.ttl());
        assertEquals("ana", args.subject());
        assertEquals(Duration.ofDays(7), CliArgs.duration("7d"));
        assertEquals(Duration.ofSeconds(90), CliArgs.duration("90"));
    }

    @Test
    void rejectsNonsenseWithAHumanMessage() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(new String[] {"launch"}, Map.of()))
            .getMessage().contains("unknown command 'launch'"));
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> CliArgs.parse(new String[] {"up", "--port-base", "eighty"}, Map.of())).getMessage()
            .contains("--port-base needs a number"));
        assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(new String[] {"up", "--port-base", "70000"},
            Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(new String[] {"up", "--port-base", "65533"},
            Map.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(new String[] {"up", "--home"},
            Map.of())).getMessage().contains("--home needs a value"));
        assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(new String[] {"up", "--colour", "x"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(new String[] {"token", "--ttl", "soon"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> CliArgs.parse(new String[] {"up", "--timeout", "0"}, Map.of()));
    }
}
