package io.syncmesh.devstack;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;

/** Kafka in a Testcontainers container (the apache/kafka image of the clients' version), where Docker runs. */
final class ContainerKafka implements KafkaServer {

    private final KafkaContainer container;

    private ContainerKafka(KafkaContainer container) {
        this.container = container;
    }

    static ContainerKafka start() {
        // Same broker settings as the local broker: topics exist only when provisioned, no rebalance delay.
        KafkaContainer container = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion())
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_NUM_PARTITIONS", "6")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        container.start();
        return new ContainerKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public String description() {
        return "Kafka container " + container.getDockerImageName() + " at " + bootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
