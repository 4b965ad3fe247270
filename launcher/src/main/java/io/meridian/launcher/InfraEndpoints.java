package io.meridian.launcher;

/**
 * Where the infrastructure listens: what the services are pointed at. All on loopback.
 *
 * @param kafkaPort    Kafka client (PLAINTEXT) port
 * @param postgresPort PostgreSQL port
 * @param mqttPort     MQTT port
 * @param dbUser       PostgreSQL user the services connect as
 */
public record InfraEndpoints(int kafkaPort, int postgresPort, int mqttPort, String dbUser) {
    public static final String HOST = "127.0.0.1";

    public String kafkaBootstrapServers() {
        return HOST + ":" + kafkaPort;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + postgresPort + "/" + database;
    }

    public String mqttUrl() {
        return "tcp://" + HOST + ":" + mqttPort;
    }
}
