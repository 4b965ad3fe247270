package io.meridian.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A QoS 1 publisher (Paho {@link MqttAsyncClient}) that keeps up to {@code window} messages in flight: a message
 * is sent as soon as a slot is free and a slot frees when the broker's PUBACK arrives.
 */
final class MqttPublisher implements MqttCallback, AutoCloseable {
    /** Paho's answer when its own in-flight count is full (it frees the slot slightly before our callback). */
    private static final int MAX_INFLIGHT_REASON = MqttException.REASON_CODE_MAX_INFLIGHT;

    private final MqttAsyncClient client;
    private final int window;
    private final Semaphore slots;
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile long lastAckNanos;
    private volatile Throwable lost;
    private long pahoFullRetries;

    /** What one {@link #publish} did; times are {@link System#nanoTime()}. */
    record Outcome(int messages, long firstPublishNanos, long lastPublishNanos, long lastAckNanos, long pahoFullRetries) {
        /** Messages per second from the first publish to the last PUBACK. */
        double rate() {
            return messages / ((lastAckNanos - firstPublishNanos) / 1e9);
        }
    }

    private MqttPublisher(MqttAsyncClient client, int window) {
        this.client = client;
        this.window = window;
        this.slots = new Semaphore(window);
    }

    /** Connects with a clean session and Paho's in-flight limit set to {@code window} (at most 65535). */
    static MqttPublisher connect(String serverUri, String clientId, int window) throws MqttException {
        if (window < 1 || window > 65_535) {
            throw new IllegalArgumentException("--inflight must be from 1 to 65535 (MQTT packet ids), was " + window);
        }
        MqttAsyncClient client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        MqttPublisher publisher = new MqttPublisher(client, window);
        client.setCallback(publisher);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(10);
        options.setMaxInflight(window);
        client.connect(options).waitForCompletion(15_000);
        return publisher;
    }

    /**
     * Publishes every message of {@code data} at QoS 1 to {@code <prefix>/<device>/telemetry} and waits for every
     * PUBACK. Fails when no PUBACK arrives for {@code stall} or the connection is lost.
     */
    Outcome publish(Telemetry data, String prefix, Duration stall) throws MqttException, InterruptedException {
        long start = acknowledged.get();
        long first = System.nanoTime();
        for (int i = 0; i < data.count(); i++) {
            if (!slots.tryAcquire(stall.toMillis(), TimeUnit.MILLISECONDS)) {
                throw stalled(data.count(), acknowledged.get() - start, i);
            }
            failIfLost();
            if (i == 0) {
                first = System.nanoTime();
            }
            send(data.topic(prefix, i), data.payload(i));
        }
        long lastPublish = System.nanoTime();
        if (!slots.tryAcquire(window, stall.toMillis(), TimeUnit.MILLISECONDS)) {
            throw stalled(data.count(), acknowledged.get() - start, data.count());
        }
        slots.release(window);
        failIfLost();
        return new Outcome(data.count(), first, lastPublish, lastAckNanos, pahoFullRetries);
    }

    /** Publishes one message and waits for its PUBACK (used for probes). */
    void publishAndWait(String topic, byte[] payload) throws MqttException, InterruptedException {
        slots.acquire(); // the PUBACK callback releases it
        client.publish(topic, payload, 1, false).waitForCompletion(30_000);
    }

    private void send(String topic, byte[] payload) throws MqttException, InterruptedException {
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MAX_INFLIGHT_REASON) {
                    throw e;
                }
                pahoFullRetries++;
                Thread.onSpinWait();
                failIfLost();
            }
        }
    }

    private IllegalStateException stalled(int total, long acked, int sent) {
        return new IllegalStateException(String.format("the broker acknowledged no publish for the stall time: "
            + "%d of %d sent, %d acknowledged (window %d)", sent, total, acked, window));
    }

    private void failIfLost() {
        Throwable cause = lost;
        if (cause != null) {
            throw new IllegalStateException("publisher connection lost after " + acknowledged.get() + " PUBACKs: "
                + cause, cause);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost = cause == null ? new IllegalStateException("connection lost") : cause;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // publishes only
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        lastAckNanos = System.nanoTime();
        acknowledged.incrementAndGet();
        slots.release();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(10_000);
            }
        } finally {
            client.close();
        }
    }
}
