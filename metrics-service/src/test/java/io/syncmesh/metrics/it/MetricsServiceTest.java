package io.syncmesh.metrics.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.PrometheusText;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.AlertEvent;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.TelemetryEvent;
import io.syncmesh.protocol.TelemetryReport;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.Verdict;

/**
 * The metrics-service on a real Kafka broker: lag, dead letters, retries and conflict rates as metrics, and the alerts
 * they fire, on sync.alerts, through the webhook (Alertmanager format) and in the alert API.
 */
@QuarkusTest
@QuarkusTestResource(value = SyncMeshTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WebhookReceiver.class, restrictToAnnotatedClass = true)
class MetricsServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static MeshTopics topics;
    static MeshTopics.Recorder alerts;
    static KafkaProducer<String, String> producer;
    static Admin admin;

    @BeforeAll
    static void open() {
        String bootstrap = SyncMeshTestResource.bootstrapServers();
        topics = new MeshTopics(bootstrap);
        alerts = topics.record(Topics.ALERTS);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer = new KafkaProducer<>(props);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    @AfterAll
    static void close() {
        producer.close();
        admin.close();
        topics.close();
    }

    @Test
    void lagOfAStoppedConsumerIsMeasuredAndItsAlertFiresThenResolvesWhenItCatchesUp() throws Exception {
        // The sync-service's group has read everything so far, then stops: nothing consumes what comes next.
        commitGroupAtEnd("sync-service", Topics.CHANGES);
        for (int i = 0; i < 5000; i++) {
            producer.send(new ProducerRecord<>(Topics.CHANGES, "t/notes/e" + (i % 50), "{}"));
        }
        producer.flush();

        await().atMost(WAIT).untilAsserted(() -> assertThat(metric("syncmesh_consumer_lag_records",
                Map.of("group", "sync-service", "topic", Topics.CHANGES))).isEqualTo(5000));
        await().atMost(WAIT).until(() -> activeAlerts().stream().anyMatch(a -> a.name().equals("consumer-lag-high")
                && a.state().equals(AlertEvent.FIRING) && "sync-service".equals(a.labels().get("group"))));

        // It drains the topic.
        commitGroupAtEnd("sync-service", Topics.CHANGES);

        await().atMost(WAIT).until(() -> activeAlerts().stream().noneMatch(a -> a.name().equals("consumer-lag-high")));
        List<String> states = await().atMost(WAIT).until(() -> transitions("consumer-lag-high"),
                list -> list.contains(AlertEvent.RESOLVED));
        assertThat(states).containsExactly(AlertEvent.PENDING, AlertEvent.FIRING, AlertEvent.RESOLVED);
        await().atMost(WAIT).untilAsserted(() -> assertThat(webhookStatuses("consumer-lag-high"))
                .containsExactly("firing", "resolved"));
        assertThat(metric("syncmesh_consumer_lag_records", Map.of("group", "sync-service"))).isZero();
    }

    @Test
    void aDeadLetteredRecordFiresItsAlertAndTheWebhookGetsAnAlertmanagerPayload() {
        ProducerRecord<String, String> dead = new ProducerRecord<>(Topics.CHANGES_DLQ, "t/notes/x", "{not json");
        dead.headers().add(Topics.HEADER_DLQ_CODE, "unparseable".getBytes(StandardCharsets.UTF_8));
        dead.headers().add(Topics.HEADER_DLQ_TOPIC, Topics.CHANGES.getBytes(StandardCharsets.UTF_8));
        producer.send(dead);
        producer.flush();

        await().atMost(WAIT).untilAsserted(() -> assertThat(metric("syncmesh_dead_letters_total",
                Map.of("code", "unparseable", "topic", Topics.CHANGES))).isEqualTo(1));
        JsonNode payload = await().atMost(WAIT).until(() -> webhook("dead-letters"), list -> !list.isEmpty()).get(0);

        assertThat(payload.path("version").asText()).isEqualTo("4");
        assertThat(payload.path("status").asText()).isEqualTo("firing");
        assertThat(payload.path("receiver").asText()).isEqualTo("syncmesh");
        JsonNode alert = payload.path("alerts").path(0);
        assertThat(alert.path("status").asText()).isEqualTo("firing");
        assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("dead-letters");
        assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(alert.path("annotations").path("summary").asText()).isNotBlank();
        assertThat(Instant.parse(alert.path("startsAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(alert.path("fingerprint").asText()).hasSize(16);
        assertThat(WebhookReceiver.REFUSED.get()).as("a refused delivery is retried").isGreaterThan(1);
    }

    @Test
    void oneOrTwoDevicesWithAStuckChangeDoNotAlertButThreeOfTwentyDevicesDo() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // 10 attempts is the limit, not over it: these 17 devices report but are not retrying.
        for (int i = 0; i < 17; i++) {
            sendTelemetry("healthy-" + run + "-" + i, new TelemetryReport(0, List.of(),
                    List.of(new TelemetryReport.Attempts("c-1", 10))));
        }
        TelemetryReport.Cycle cycle = new TelemetryReport.Cycle(Instant.now(), 1200L, "ok");
        sendTelemetry("stuck-" + run + "-1", new TelemetryReport(3, List.of(cycle),
                List.of(new TelemetryReport.Attempts("c-1", 2), new TelemetryReport.Attempts("c-2", 25))));
        // The gauges hold what the rules saw in the last evaluation: once they count the devices, the alerts are
        // those of that evaluation or a later one.
        awaitDevices(18, 1);
        assertThat(activeAlerts()).noneMatch(a -> a.name().equals("change-retried-too-often"));

        sendTelemetry("stuck-" + run + "-2", new TelemetryReport(null, null, List.of(new TelemetryReport.Attempts(
                "c-3", 11))));
        awaitDevices(19, 2);
        assertThat(activeAlerts()).as("2 of 19 devices: a large share, but only two devices")
                .noneMatch(a -> a.name().equals("change-retried-too-often"));

        sendTelemetry("stuck-" + run + "-3", new TelemetryReport(null, null, List.of(new TelemetryReport.Attempts(
                "c-4", 40))));
        await().atMost(WAIT).until(() -> activeAlerts().stream()
                .anyMatch(a -> a.name().equals("change-retried-too-often") && a.state().equals(AlertEvent.FIRING)
                        && a.value() == 3.0 / 20));
        assertThat(given().get("/q/metrics").asString()).doesNotContain(run);
        assertThat(metric("syncmesh_change_attempts_count", Map.of())).isGreaterThanOrEqualTo(21);
        assertThat(metric("syncmesh_device_queue_length_count", Map.of())).isGreaterThanOrEqualTo(1);
        assertThat(metric("syncmesh_sync_cycles_total", Map.of("outcome", "ok"))).isGreaterThanOrEqualTo(1);
    }

    private static void awaitDevices(int reporting, int retrying) {
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("syncmesh_devices_reporting_5m", Map.of())).isEqualTo(reporting);
            assertThat(metric("syncmesh_devices_retrying_5m", Map.of())).isEqualTo(retrying);
        });
    }

    @Test
    void theConflictRateOfACollectionIsItsShareOfMergedAndManualReceiptsAndAlertsOnlyAboveTheThreshold() {
        // tasks: 9 of 30 changes met a concurrent edit (30 %); notes: 3 of 30 (10 %). The threshold is 20 %.
        sendReceipts("tasks", 21, 6, 3);
        sendReceipts("notes", 27, 3, 0);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("syncmesh_conflict_ratio", Map.of("collection", "tasks", "window", "5m")))
                    .isEqualTo(0.3);
            assertThat(metric("syncmesh_conflict_ratio", Map.of("collection", "notes", "window", "1h")))
                    .isEqualTo(0.1);
        });
        await().atMost(WAIT).until(() -> activeAlerts().stream().anyMatch(a -> a.name().equals("conflict-rate-high")
                && a.state().equals(AlertEvent.FIRING) && "tasks".equals(a.labels().get("collection"))));
        assertThat(activeAlerts()).noneMatch(a -> a.name().equals("conflict-rate-high")
                && "notes".equals(a.labels().get("collection")));
        assertThat(metric("syncmesh_receipts_total", Map.of("collection", "tasks", "status", "merged")))
                .isEqualTo(6);
    }

    @Test
    void theConflictRateOfAFieldIsItsConflictsOverTheDeviceChangesThatWroteItWithHowTheyWereResolved() {
        // notes: 20 device changes write the title, 10 of them the tags too; the conflict-service answered 5 of them
        // naming the title (4 merged by lww, 1 for a person) and 2 naming the tags (merged by union).
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 20; i++) {
            Map<String, JsonNode> fields = i < 10
                    ? Map.of("title", TextNode.valueOf("t"), "tags",
                            SyncJson.mapper().createArrayNode())
                    : Map.of("title", TextNode.valueOf("t"));
            Change change = new Change("f-" + i + "-" + tenant, "notes", "n" + i, Op.UPDATE, 1L, fields,
                    Instant.now(), (long) i, List.of());
            ChangeEnvelope sent = ChangeEnvelope.fromClient(tenant, "d", Instant.now(), change, ConflictMode.MERGE);
            topics.send(sent);
            if (i < 4) {
                topics.send(sent.returning(change, Verdict.MERGED, null, null)
                        .withConflictFields(Map.of("title", "lww", "secret", "lww")));
            } else if (i == 4) {
                topics.send(sent.returning(change, Verdict.MANUAL, "item-1", null)
                        .withConflictFields(Map.of("title", "lww")));
            } else if (i < 7) {
                topics.send(sent.returning(change, Verdict.MERGED, null, null)
                        .withConflictFields(Map.of("tags", "union")));
            } else if (i == 7) {
                // Passed straight through behind the fence: not a conflict of any field.
                topics.send(sent.returning(change, Verdict.APPLY, null, null));
            }
        }

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metric("syncmesh_field_conflict_ratio", Map.of("collection", "notes", "field", "title",
                    "window", "5m"))).isEqualTo(0.25);
            assertThat(metric("syncmesh_field_conflict_ratio", Map.of("collection", "notes", "field", "tags",
                    "window", "1h"))).isEqualTo(0.2);
        });
        assertThat(metric("syncmesh_field_conflicts_in_window",
                Map.of("collection", "notes", "field", "title", "resolution",
                        "lww", "window", "5m")))
                .isEqualTo(4);
        assertThat(metric("syncmesh_field_conflicts_in_window",
                Map.of("collection", "notes", "field", "title", "resolution",
                        "manual", "window", "1h")))
                .isEqualTo(1);
        assertThat(metric("syncmesh_field_conflicts_total", Map.of("collection", "notes", "field", "tags",
                "resolution", "union"))).isEqualTo(2);
        assertThat(metric("syncmesh_field_writes_total", Map.of("collection", "notes", "field", "title")))
                .isEqualTo(20);
        assertThat(metric("syncmesh_field_conflicts_total", Map.of("collection", "notes", "field", "other")))
                .as("a field the registry does not name is counted as other").isEqualTo(4);
        assertThat(given().get("/q/metrics").asString()).doesNotContain("secret");
    }

    @Test
    void aConflictWaitingForAPersonLongerThanTheThresholdFiresTheQueueAgeAlert() {
        await().atMost(WAIT).until(() -> activeAlerts().stream().anyMatch(a -> a.name().equals("manual-item-too-old")
                && a.state().equals(AlertEvent.FIRING)));
        assertThat(metric("syncmesh_manual_queue_open_items", Map.of())).isEqualTo(3);
        assertThat(metric("syncmesh_manual_queue_oldest_age_seconds", Map.of()))
                .isGreaterThan(Duration.between(Instant.parse(WebhookReceiver.OLDEST_OPEN), Instant.now())
                        .minusMinutes(1).toSeconds());
    }

    @Test
    void aCollectionTheRegistryDoesNotDeclareIsCountedAsOther() {
        sendReceipts("recipes", 1, 0, 0);

        await().atMost(WAIT).untilAsserted(() -> assertThat(metric("syncmesh_receipts_total",
                Map.of("collection", "other", "status", "applied"))).isGreaterThanOrEqualTo(1));
        assertThat(given().get("/q/metrics").asString()).doesNotContain("recipes");
    }

    // ----------------------------------------------------------------------------------------------- helpers

    private static void sendReceipts(String collection, int applied, int merged, int conflicts) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        int n = 0;
        for (int i = 0; i < applied; i++) {
            send(Topics.RESULTS, ResultEvent.of(tenant, "d", Receipt.applied("a" + n++, collection, "e", 1), null));
        }
        for (int i = 0; i < merged; i++) {
            send(Topics.RESULTS, ResultEvent.of(tenant, "d", Receipt.merged("m" + n++, collection, "e", 2), null));
        }
        for (int i = 0; i < conflicts; i++) {
            send(Topics.RESULTS, ResultEvent.of(tenant, "d", Receipt.conflict("c" + n++, collection, "e", "i"), null));
        }
        // Pending receipts and duplicates are not outcomes: they must not change the ratio.
        send(Topics.RESULTS, ResultEvent.of(tenant, "d", Receipt.pending("p", collection, "e"), null));
        send(Topics.RESULTS, ResultEvent.of(tenant, "d", Receipt.merged("m0", collection, "e", 2).asDuplicate(),
                null));
        producer.flush();
    }

    private static void sendTelemetry(String device, TelemetryReport report) {
        TelemetryEvent event = TelemetryEvent.of("t-1", device, Instant.now(), report);
        producer.send(new ProducerRecord<>(Topics.TELEMETRY, event.recordKey(), SyncJson.write(event)));
        producer.flush();
    }

    private static void send(String topic, Object value) {
        producer.send(new ProducerRecord<>(topic, "k", SyncJson.write(value)));
    }

    private static void commitGroupAtEnd(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        admin.listOffsets(request).all().get(10, TimeUnit.SECONDS)
                .forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
        admin.alterConsumerGroupOffsets(group, offsets).all().get(10, TimeUnit.SECONDS);
    }

    private static List<AlertEvent> activeAlerts() {
        JsonNode body = SyncJson.read(given().get("/internal/v1/alerts").then().statusCode(200).extract().asString(),
                JsonNode.class);
        return SyncJson.mapper().convertValue(body.path("alerts"),
                SyncJson.mapper().getTypeFactory().constructCollectionType(List.class, AlertEvent.class));
    }

    private static List<String> transitions(String name) {
        return alerts.values(AlertEvent.class, a -> name.equals(a.name())).stream().map(AlertEvent::state).toList();
    }

    private static List<JsonNode> webhook(String alertName) {
        return WebhookReceiver.RECEIVED.stream()
                .filter(p -> alertName.equals(p.path("groupLabels").path("alertname").asText())).toList();
    }

    private static List<String> webhookStatuses(String alertName) {
        return webhook(alertName).stream().map(p -> p.path("status").asText()).toList();
    }

    /** The sum of a metric's samples whose labels include the given ones, from /q/metrics. */
    static double metric(String name, Map<String, String> labels) {
        return PrometheusText.sum(given().get("/q/metrics").then().statusCode(200).extract().asString(), name, labels);
    }
}
