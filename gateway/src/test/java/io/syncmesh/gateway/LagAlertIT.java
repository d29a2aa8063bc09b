package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.PostgresDatabase;
import io.syncmesh.devstack.PrometheusText;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.protocol.AlertEvent;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Topics;

/**
 * The lag alert with the real sync-service: stopped, it leaves 5,000 changes unread; the metrics-service shows the lag
 * and the alert fires after its {@code for}; restarted, the sync-service drains the topic and the alert resolves.
 */
class LagAlertIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void aStoppedSyncServiceShowsAsLagThatFiresAndResolvesOnceItDrains() throws Exception {
        DevStack stack = DevStack.shared();
        PostgresDatabase database = stack.postgres().createUniqueDatabase();
        try (MeshTopics topics = new MeshTopics(stack.bootstrapServers());
                QuarkusAppProcess syncService = MeshServices.syncService(stack, database,
                        Path.of("target", "lag-sync-service.log")).build();
                QuarkusAppProcess metrics = MeshServices.metricsService(stack, Path.of("target", "lag-metrics.log"))
                        .jvmArgs("-Dmetrics.evaluation-interval=1S",
                                "-Dmetrics.alerts.rules.consumer-lag-high.for=3S")
                        .build()) {
            MeshTopics.Recorder alerts = topics.record(Topics.ALERTS);
            MeshTopics.Recorder deadLetters = topics.record(Topics.CHANGES_DLQ);
            // The sync-service applies a first batch, commits it, and stops.
            syncService.start();
            topics.send(envelopes("warm-up", 10));
            await().atMost(WAIT).until(() -> committed(stack.bootstrapServers()) == 10);
            syncService.stop();
            metrics.start();

            topics.send(envelopes("backlog", 5000));

            await().atMost(WAIT).until(() -> lag(metrics) == 5000);
            await().atMost(WAIT).until(() -> states(alerts).contains(AlertEvent.FIRING));

            syncService.start();

            await().atMost(WAIT).until(() -> lag(metrics) == 0);
            await().atMost(WAIT).until(() -> states(alerts).contains(AlertEvent.RESOLVED));
            assertThat(states(alerts)).containsExactly(AlertEvent.PENDING, AlertEvent.FIRING, AlertEvent.RESOLVED);
            assertThat(deadLetters.records()).as("stopping the sync-service dead-letters nothing").isEmpty();
        }
    }

    private static List<ChangeEnvelope> envelopes(String tag, int count) {
        List<ChangeEnvelope> envelopes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Change change = new Change(tag + "-" + i, "notes", tag + "-" + (i % 200), i < 200 ? Op.CREATE : Op.UPDATE,
                    i < 200 ? null : (long) (i / 200), Map.of("title", TextNode.valueOf("t")), null, null, List.of());
            envelopes.add(ChangeEnvelope.fromClient("t-lag", "dev-" + (i % 200), Instant.now(), change,
                    ConflictMode.MERGE));
        }
        return envelopes;
    }

    private static List<String> states(MeshTopics.Recorder alerts) {
        return alerts.values(AlertEvent.class, a -> a.name().equals("consumer-lag-high")
                && "sync-service".equals(a.labels().get("group"))).stream().map(AlertEvent::state).toList();
    }

    private static long lag(QuarkusAppProcess metrics) {
        return Math.round(PrometheusText.sum(PrometheusText.scrape(metrics), "syncmesh_consumer_lag_records",
                Map.of("group", "sync-service")));
    }

    /** The offsets the sync-service's group committed on sync.changes, summed over the partitions. */
    private static long committed(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.listConsumerGroupOffsets("sync-service").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
