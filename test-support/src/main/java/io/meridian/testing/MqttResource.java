package io.meridian.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the application under test at the JVM's real embedded MQTT broker. */
public class MqttResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        int port = SharedInfra.mqtt().port();
        return Map.of("mp.messaging.connector.smallrye-mqtt.host", "127.0.0.1",
            "mp.messaging.connector.smallrye-mqtt.port", Integer.toString(port),
            "meridian.test.mqtt.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        // shared by every application in the JVM; stopped at JVM exit
    }
}
