package io.meridian.ingest.source;

/**
 * One source type's reading logic, owned by one {@link SourceWorker} thread. A connector is opened when its
 * worker starts (and again after a failure), polled in a loop, and closed when the worker stops.
 */
interface Connector extends AutoCloseable {
    /**
     * One attempt: reads what is available, ingests it as at most one run through {@link SourceContext#startRun},
     * then acknowledges it at the source (commit offsets, ack messages) and records the new position.
     *
     * @return true when more data is ready right away (poll again without waiting)
     */
    boolean poll(SourceContext context) throws Exception;

    /** How long the worker waits after a poll that returned false (0 when the poll itself waits for data). */
    long idleMillis();

    /** Interrupts a blocking poll so the worker can stop (e.g. {@code KafkaConsumer.wakeup()}). */
    default void wakeup() {
    }

    @Override
    void close();
}
