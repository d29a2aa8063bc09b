package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerRestartTest {

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aRestartedBrokerKeepsTheRecordsWrittenBeforeTheRestartOnTheSamePort() throws Exception {
        String topic = writeTenRecordsToNewTopic("restart");
        String bootstrapBefore = broker.bootstrapServers();

        broker.restart();

        assertThat(broker.bootstrapServers()).isEqualTo(bootstrapBefore);
        assertThat(values(KafkaTestClients.readFromBeginning(broker.bootstrapServers(), topic, 10)))
                .containsExactlyElementsOf(expectedValues());
    }

    @Test
    void aKilledBrokerProcessIsGoneAndRestartRecoversTheRecordsAcknowledgedBeforeTheKill() throws Exception {
        String topic = writeTenRecordsToNewTopic("kill");
        long pid = broker.pid().orElseThrow();

        broker.kill();

        assertThat(broker.isRunning()).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
        broker.restart();
        assertThat(broker.pid().orElseThrow()).isNotEqualTo(pid);
        assertThat(values(KafkaTestClients.readFromBeginning(broker.bootstrapServers(), topic, 10)))
                .containsExactlyElementsOf(expectedValues());
    }

    private static String writeTenRecordsToNewTopic(String name) throws Exception {
        String topic = "test." + name + "." + System.nanoTime();
        try (Admin admin = KafkaTestClients.admin(broker.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = KafkaTestClients.idempotentProducer(broker.bootstrapServers())) {
            for (String value : expectedValues()) {
                // acks=all: each record is acknowledged, i.e. in the broker's log, before the restart.
                producer.send(new ProducerRecord<>(topic, "key", value)).get(30, TimeUnit.SECONDS);
            }
        }
        return topic;
    }

    private static List<String> expectedValues() {
        return IntStream.range(0, 10).mapToObj(i -> "value-" + i).toList();
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
