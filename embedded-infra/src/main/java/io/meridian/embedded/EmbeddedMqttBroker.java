package io.meridian.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

/** A real MQTT 3.1.1/5 broker (Moquette) in this JVM, listening on loopback. */
public final class EmbeddedMqttBroker implements AutoCloseable {
    private final Server server;
    private final int port;

    private EmbeddedMqttBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts the broker.
     *
     * @param dataDir folder for the broker's persistent sessions, or null to keep them in memory
     * @param port    TCP port, 0 for any free one
     */
    public static EmbeddedMqttBroker start(Path dataDir, int port) {
        int mqttPort = port > 0 ? port : FreePorts.find();
        Properties props = new Properties();
        props.setProperty("port", Integer.toString(mqttPort));
        props.setProperty("host", "127.0.0.1");
        props.setProperty("allow_anonymous", "true");
        props.setProperty("netty.mqtt.message_size", "1048576");
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create MQTT data directory " + dataDir, e);
            }
            props.setProperty("persistence_enabled", "true");
            props.setProperty("data_path", dataDir.toString());
        } else {
            props.setProperty("persistence_enabled", "false");
        }
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(props));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start MQTT broker on port " + mqttPort, e);
        }
        return new EmbeddedMqttBroker(server, mqttPort);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
