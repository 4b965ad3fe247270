package io.meridian.ingest.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * Subscribes to MQTT topic filters (e.g. {@code devices/+/telemetry}) at QoS 1 with the Eclipse Paho client
 * and <b>manual acknowledgements</b>: messages are batched ({@code batchSize} messages, {@code batchMs} after the
 * first, a 5 ms quiet gap, or as soon as the batch holds the broker's in-flight window as observed, since the broker
 * sends nothing more before our acks), each batch is made durable (stored and published, or quarantined) with a
 * checkpoint of the source's open run, and each message's PUBACK is sent only after that checkpoint. With the default
 * persistent session ({@code cleanSession=false}) a message not yet acknowledged when the connection or the service
 * goes down is redelivered by the broker (at-least-once). The payload must be a JSON object; anything else is
 * quarantined with the reason. The device id comes from the topic through the mapping, e.g.
 * {@code "device_id":{"topicSegment":1}}.
 *
 * <p>The source is a stream: one run spans the batches of up to {@code runSeconds} (60), and closes earlier when no
 * message came for {@code runIdleMs} (1000), or when the source stops, pauses or fails. A broker keeps only a few
 * unacknowledged messages in flight per subscriber (Moquette 0.17: 10), so a run per batch paid the run's fixed costs
 * (its row, summary and OpenLineage event acknowledged by Kafka, the source's counters) for every 10 messages; the
 * checkpoint pays only the batch's own COPY, events and commit.
 */
final class MqttConnector implements Connector {
    /**
     * An open run writes its heartbeat only with its batches: idle, it must close well before
     * {@code meridian.ingest.run-stale-after} (10 min) would take it for abandoned.
     */
    static final long MAX_RUN_IDLE_MS = 60_000;

    record Settings(String serverUri, List<String> topics, int qos, String clientId, String username,
        String usernameEnv, String passwordEnv, boolean cleanSession, int batchSize, long batchMs, int queueCapacity,
        long runSeconds, long runIdleMs) {

        static Settings parse(SourceConfig c, String sourceName) {
            String uri = c.string("serverUri");
            if (!uri.matches("(tcp|ssl|ws|wss)://.+")) {
                throw new ConfigException(c.field("serverUri"), "'config.serverUri' must look like tcp://host:1883.");
            }
            int qos = (int) c.number("qos", 1, 0, 1);
            return new Settings(uri, c.strings("topics"), qos, c.string("clientId", "meridian-ingest-" + sourceName),
                c.string("username", null), c.envName("usernameEnv", false), c.envName("passwordEnv", false),
                c.bool("cleanSession", false), (int) c.number("batchSize", 500, 1, 100_000),
                c.number("batchMs", 1000, 1, 600_000), (int) c.number("queueCapacity", 10_000, 1, 1_000_000),
                c.number("runSeconds", 60, 1, 86_400), c.number("runIdleMs", 1000, 1, MAX_RUN_IDLE_MS));
        }
    }

    private record Message(String topic, int id, int qos, byte[] payload) {
    }

    private final Settings settings;
    private final MqttClient client;
    private final BlockingQueue<Message> queue;
    private volatile Throwable lost;
    private volatile boolean stopping;
    private long received;
    /**
     * The broker's in-flight window as observed: the most messages this client held unacknowledged at once (the
     * batch plus what arrived while it was stored, counted just before the acks). A broker never has more than its
     * window unacknowledged, so holding that many, nothing more can arrive before our acks. An over-estimate (QoS 0
     * or redelivered messages counted) only means the batch waits for the quiet gap as it would without it. Only the
     * source's thread uses it.
     */
    private int brokerWindow;
    /** The position after the last batch: the last topic and the messages acknowledged so far. */
    private final ObjectNode position;
    /** When the open run started and when its last message came (System.nanoTime; 0 without an open run). */
    private long runStartedNanos;
    private long lastMessageNanos;

    MqttConnector(SourceContext context) {
        this.settings = Settings.parse(context.config(), context.source().name());
        this.position = context.position();
        this.queue = new LinkedBlockingQueue<>(settings.queueCapacity());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(settings.cleanSession());
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        String user = settings.usernameEnv() != null ? context.secrets().resolve(settings.usernameEnv())
            : settings.username();
        if (user != null) {
            options.setUserName(user);
        }
        if (settings.passwordEnv() != null) {
            options.setPassword(context.secrets().resolve(settings.passwordEnv()).toCharArray());
        }
        try {
            client = new MqttClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost = cause == null ? new IllegalStateException("connection lost") : cause;
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws InterruptedException {
                    // blocks the client's callback thread when the queue is full: back pressure to the broker
                    queue.put(new Message(topic, message.getId(), message.getQos(), message.getPayload()));
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // this client only subscribes
                }
            });
            client.connect(options);
            int[] qos = new int[settings.topics().size()];
            Arrays.fill(qos, settings.qos());
            client.subscribe(settings.topics().toArray(String[]::new), qos);
        } catch (MqttException e) {
            throw new IllegalStateException("MQTT broker " + settings.serverUri() + ": " + e.getMessage()
                + " (reason " + e.getReasonCode() + ")", e);
        }
    }

    /** A batch ends when no message arrived for this long (or at batchSize, or after batchMs). */
    private static final long QUIET_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    @Override
    public boolean poll(SourceContext context) throws Exception {
        Message first = queue.poll(firstWaitMillis(context), TimeUnit.MILLISECONDS);
        if (first == null) {
            if (context.hasOpenRun()) {
                if (System.nanoTime() - lastMessageNanos >= TimeUnit.MILLISECONDS.toNanos(settings.runIdleMs())) {
                    context.closeRun();
                } else {
                    context.countCheckpoints();
                }
            }
            context.lag(queue.size());
            failIfLost(context);
            return false;
        }
        List<Message> batch = new ArrayList<>();
        batch.add(first);
        int unacked = first.qos() > 0 ? 1 : 0;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.batchMs());
        while (batch.size() < settings.batchSize() && !stopping) {
            Message next = queue.poll();
            if (next == null) {
                // a broker sends at most its in-flight window of unacknowledged QoS 1 messages (Moquette: 10, fixed)
                // and then waits for our acks, which come after the batch is stored: holding a full window, nothing
                // more can come, so the batch ends now; otherwise after a short quiet gap rather than idling out
                // batchMs for messages that cannot come
                if (brokerWindow > 0 && unacked >= brokerWindow) {
                    break;
                }
                long left = Math.min(deadline - System.nanoTime(), QUIET_GAP_NANOS);
                next = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
            }
            batch.add(next);
            if (next.qos() > 0) {
                unacked++;
            }
        }
        if (!context.hasOpenRun()) {
            runStartedNanos = System.nanoTime();
        }
        offer(context, context.openRun(), batch);
        position.put("lastTopic", batch.get(batch.size() - 1).topic());
        position.put("messages", position.path("messages").asLong() + batch.size());
        context.checkpoint(position);
        // what the broker let us hold unacknowledged: the batch and whatever it sent while the batch was stored
        brokerWindow = Math.max(brokerWindow, unacked + queue.size());
        // stored or quarantined: now the broker may forget them
        for (Message m : batch) {
            if (m.qos() > 0) {
                client.messageArrivedComplete(m.id(), m.qos());
            }
        }
        received += batch.size();
        lastMessageNanos = System.nanoTime();
        if (lastMessageNanos - runStartedNanos >= TimeUnit.SECONDS.toNanos(settings.runSeconds())) {
            context.closeRun();
        }
        context.lag(queue.size());
        return !queue.isEmpty();
    }

    /** How long to wait for a first message: at most until the open run's idle time is up. */
    private long firstWaitMillis(SourceContext context) {
        long wait = Math.min(settings.batchMs(), 1000);
        if (context.hasOpenRun()) {
            long idleLeft = settings.runIdleMs() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastMessageNanos);
            wait = Math.max(1, Math.min(wait, idleLeft));
        }
        return wait;
    }

    /** Hands each message of the batch to the run: a JSON object is offered, anything else quarantined. */
    private static void offer(SourceContext context, SourceRun run, List<Message> batch) {
        for (Message m : batch) {
            String coordinates = m.topic() + "#" + m.id();
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(m.payload())).toString();
            } catch (CharacterCodingException e) {
                run.reject(coordinates, new String(m.payload(), StandardCharsets.UTF_8), "",
                    "the payload is not valid UTF-8 JSON");
                continue;
            }
            JsonNode node;
            try {
                node = context.json().readTree(text);
            } catch (Exception e) {
                node = null;
            }
            if (node == null || node.isMissingNode()) {
                run.reject(coordinates, text, "", "the payload is not JSON");
            } else if (!node.isObject()) {
                run.reject(coordinates, text, "", "the payload is not a JSON object");
            } else {
                run.offer(coordinates, node, m.topic(), text);
            }
        }
    }

    /**
     * After the connection was lost and every message received before was handled: closes the open run (all of it
     * was made durable; acknowledgements that did not reach the broker mean those messages come again) and fails the
     * attempt, so the worker reconnects with backoff.
     */
    private void failIfLost(SourceContext context) {
        Throwable cause = lost;
        if (cause != null) {
            context.closeRun();
            throw new IllegalStateException("MQTT connection to " + settings.serverUri() + " lost after "
                + received + " messages: " + cause.getMessage(), cause);
        }
    }

    @Override
    public long idleMillis() {
        return 0;
    }

    @Override
    public void wakeup() {
        stopping = true;
    }

    @Override
    public void close() {
        stopping = true;
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
        } catch (MqttException e) {
            // disconnecting a broken connection
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // already closed
        }
    }
}
