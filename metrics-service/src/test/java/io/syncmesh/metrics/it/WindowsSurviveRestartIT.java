package io.syncmesh.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.PrometheusText;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.Verdict;

/**
 * The packaged metrics-service restarted: it re-reads the last hour of its topics, so the 5-minute and 1-hour conflict
 * rates are whole again at once, while the {@code _total} counters start from zero and count only what is new.
 */
class WindowsSurviveRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void aRestartedInstanceRebuildsItsWindowsFromTheTopicsWithoutCountingHistoryAgain() throws Exception {
        DevStack stack = DevStack.shared();
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        try (MeshTopics topics = new MeshTopics(stack.bootstrapServers());
                QuarkusAppProcess metrics = MeshServices.metricsService(stack,
                        Path.of("target", "restart-metrics.log"))
                        .env("CONFLICT_SERVICE_URL", "http://127.0.0.1:9")
                        .jvmArgs("-Dmetrics.evaluation-interval=1S").build()) {
            metrics.start();
            // Written two hours ago: outside every window, before and after the restart.
            sendOldMergedReceipts(stack.bootstrapServers(), tenant, 10, Duration.ofHours(2));
            // tasks: 9 of 30 receipts merged; its field "priority" written by 20 changes, 4 of them in conflict.
            sendReceipts(topics, tenant, 21, 9);
            sendFieldConflicts(topics, tenant, 20, 4);

            await().atMost(WAIT).untilAsserted(() -> {
                String text = PrometheusText.scrape(metrics);
                assertThat(PrometheusText.sum(text, "syncmesh_conflict_ratio",
                        Map.of("collection", "tasks", "window", "5m")))
                        .isEqualTo(0.3);
                assertThat(
                        PrometheusText.sum(text, "syncmesh_field_conflict_ratio", Map.of("collection", "tasks", "field",
                                "priority", "window", "1h")))
                        .isEqualTo(0.2);
            });
            assertThat(PrometheusText.sum(PrometheusText.scrape(metrics), "syncmesh_receipts_total",
                    Map.of("collection", "tasks", "status", "merged"))).isEqualTo(9);

            metrics.stop();
            metrics.start();

            await().atMost(WAIT).untilAsserted(() -> {
                String text = PrometheusText.scrape(metrics);
                assertThat(PrometheusText.sum(text, "syncmesh_conflict_ratio",
                        Map.of("collection", "tasks", "window", "5m")))
                        .as("the 5-minute window is rebuilt from sync.results").isEqualTo(0.3);
                assertThat(PrometheusText.sum(text, "syncmesh_conflict_ratio",
                        Map.of("collection", "tasks", "window", "1h")))
                        .isEqualTo(0.3);
                assertThat(PrometheusText.sum(text, "syncmesh_field_conflict_ratio",
                        Map.of("collection", "tasks", "field",
                                "priority", "window", "5m")))
                        .as("and the per-field one from sync.changes").isEqualTo(0.2);
            });
            assertThat(PrometheusText.sum(PrometheusText.scrape(metrics), "syncmesh_receipts_total",
                    Map.of("collection", "tasks", "status", "merged")))
                    .as("history fills the windows, not the counters").isZero();

            sendReceipts(topics, tenant, 0, 1);

            await().atMost(WAIT).untilAsserted(() -> {
                String text = PrometheusText.scrape(metrics);
                assertThat(PrometheusText.sum(text, "syncmesh_receipts_total",
                        Map.of("collection", "tasks", "status", "merged")))
                        .isEqualTo(1);
                assertThat(PrometheusText.sum(text, "syncmesh_conflict_ratio",
                        Map.of("collection", "tasks", "window", "5m")))
                        .isCloseTo(10.0 / 31, within(1e-9));
            });
        }
    }

    private static void sendReceipts(MeshTopics topics, String tenant, int applied, int merged) {
        for (int i = 0; i < applied + merged; i++) {
            String changeId = "r-" + UUID.randomUUID();
            Receipt receipt = i < applied
                    ? Receipt.applied(changeId, "tasks", "e" + i, 1)
                    : Receipt.merged(changeId, "tasks", "e" + i, 2);
            topics.sendRaw(Topics.RESULTS, tenant + "/tasks/e" + i, SyncJson.write(ResultEvent.of(tenant, "d",
                    receipt, null)));
        }
    }

    private static void sendOldMergedReceipts(String bootstrap, String tenant, int count, Duration age)
            throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            long timestamp = Instant.now().minus(age).toEpochMilli();
            for (int i = 0; i < count; i++) {
                ResultEvent event = ResultEvent.of(tenant, "d", Receipt.merged("old-" + i, "tasks", "old", 2), null);
                producer.send(new ProducerRecord<>(Topics.RESULTS, null, timestamp, tenant + "/tasks/old",
                        SyncJson.write(event))).get();
            }
        }
    }

    private static void sendFieldConflicts(MeshTopics topics, String tenant, int writes, int conflicts) {
        for (int i = 0; i < writes; i++) {
            Change change = new Change("w-" + UUID.randomUUID(), "tasks", "e" + i, Op.UPDATE, 1L,
                    Map.of("priority", new TextNode("high")), Instant.now(), (long) i, List.of());
            ChangeEnvelope sent = ChangeEnvelope.fromClient(tenant, "d", Instant.now(), change, ConflictMode.MERGE);
            topics.send(sent);
            if (i < conflicts) {
                topics.send(sent.returning(change, Verdict.MERGED, null, null)
                        .withConflictFields(Map.of("priority", "max")));
            }
        }
    }
}
