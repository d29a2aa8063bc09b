package io.syncmesh.devstack;

/** A Kafka named by configuration; the devstack only connects to it and never stops it. */
record ConfiguredKafka(String bootstrapServers, String description) implements KafkaServer {

    ConfiguredKafka(String bootstrapServers) {
        this(bootstrapServers, "configured Kafka at " + bootstrapServers);
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
