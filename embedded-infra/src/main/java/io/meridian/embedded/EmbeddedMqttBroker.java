package io.meridian.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

/**
 * A real MQTT 3.1.1 broker (Moquette 0.17) in this JVM, listening on loopback.
 *
 * <p>Moquette runs every client's commands (each received PUBLISH, PUBACK, and a queue flush after each socket read)
 * on one of a few session event loops, each fed by a bounded queue of {@code session_queue_size} commands (1024 by
 * default). A command that does not fit is dropped with only a warning ("Session command queue N is full"): a QoS 1
 * PUBLISH dropped that way is neither routed to any subscriber nor acknowledged, and Moquette 0.17 routes a later DUP
 * resend of it to no subscriber (its failed-publish record is empty) while acknowledging it, so the message is lost.
 * One publisher with 1000 messages in flight plus a flush command per read overflows 1024 whenever the loop falls
 * behind (seen in the MQTT benchmark: 2 to 17 messages per run never reached the subscriber). The queue is
 * therefore sized so that a single client cannot overflow it: at most 65,535 QoS 1 publishes in flight (the packet
 * id space) plus one flush per read ({@value #SESSION_QUEUE_SIZE} commands, an array of about 0.5 MB per loop).
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
    /** Commands each Moquette session event loop can hold (Moquette's own default is 1024). */
    public static final int SESSION_QUEUE_SIZE = 131_072;

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
        props.setProperty("session_queue_size", Integer.toString(SESSION_QUEUE_SIZE));
        // Moquette 0.17 otherwise posts usage data to its authors' collector at every start
        props.setProperty("telemetry_enabled", "false");
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

    /**
     * Drops a client's connection from the broker's side, as a network failure would; its persistent session (and
     * the QoS 1 messages it has not acknowledged) stays for its next connection. False if it is not connected.
     */
    public boolean disconnectClient(String clientId) {
        return server.disconnectClient(clientId);
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
