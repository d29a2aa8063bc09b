package io.syncmesh.devstack;

/** A Kafka cluster handed out by the devstack: where to connect, and how to let go of it. */
public interface KafkaServer extends AutoCloseable {

    /** The value for {@code bootstrap.servers}. */
    String bootstrapServers();

    /** Where this Kafka comes from (configured, a container, a broker from Maven artifacts), for logs. */
    String description();

    /** Stops the Kafka if the devstack started it; a configured one is left alone. */
    @Override
    void close();
}
