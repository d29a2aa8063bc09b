package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.syncmesh.protocol.Topics;

class KafkaBrokerTest {

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        System.out.println("broker start took " + broker.lastStartDuration().toMillis() + " ms");
        new TopicProvisioner().provision(broker.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void brokerFromMavenArtifactsAcceptsARecordFromAnIdempotentAcksAllProducerAndAConsumerReadsItBack()
            throws Exception {
        String key = "tenant-a/notes/" + System.nanoTime();
        RecordMetadata written;
        try (KafkaProducer<String, String> producer = KafkaTestClients.idempotentProducer(broker.bootstrapServers())) {
            written = producer.send(new ProducerRecord<>(Topics.TELEMETRY, key, "{\"hello\":1}")).get(30,
                    TimeUnit.SECONDS);
        }
        assertThat(written.offset()).isGreaterThanOrEqualTo(0);

        var records = KafkaTestClients.readFromBeginning(broker.bootstrapServers(), Topics.TELEMETRY, 1);
        assertThat(records).filteredOn(r -> r.key().equals(key)).singleElement()
                .extracting(ConsumerRecord::value, ConsumerRecord::partition, ConsumerRecord::offset)
                .containsExactly("{\"hello\":1}", written.partition(), written.offset());
    }

    @Test
    void provisionsEveryTopicWithItsPartitionCountAndProvisioningAgainChangesNothing() throws Exception {
        new TopicProvisioner().provision(broker.bootstrapServers());

        try (Admin admin = KafkaTestClients.admin(broker.bootstrapServers())) {
            Map<String, Integer> partitions = admin.describeTopics(Topics.ALL).allTopicNames().get(30, TimeUnit.SECONDS)
                    .values().stream().collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
            assertThat(partitions).isEqualTo(Map.of(Topics.CHANGES, 6, Topics.RESULTS, 6, Topics.CONFLICTS, 6,
                    Topics.TELEMETRY, 3, Topics.ALERTS, 3, Topics.CHANGES_DLQ, 3));
        }
    }

    @Test
    void producingToATopicThatDoesNotExistFailsAndDoesNotCreateIt() throws Exception {
        String missing = "sync.no-such-topic-" + System.nanoTime();
        try (KafkaProducer<String, String> producer = KafkaTestClients.idempotentProducer(broker.bootstrapServers(),
                Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(missing, "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("not present in metadata");
        }
        try (Admin admin = KafkaTestClients.admin(broker.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(missing)
                    .containsAll(Topics.ALL);
        }
    }
}
