package io.syncmesh.sync.it;

import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.SyncMeshTestResource;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.Topics;

/** Records that cannot be processed go to the dead-letter topic and never stall their partition. */
@QuarkusTest
@QuarkusTestResource(SyncMeshTestResource.class)
class DeadLetterTest {

    static MeshTopics topics;
    static MeshTopics.Recorder dlq;
    static MeshTopics.Recorder results;

    @BeforeAll
    static void openTopics() {
        topics = new MeshTopics(SyncMeshTestResource.bootstrapServers());
        dlq = topics.record(Topics.CHANGES_DLQ);
        results = topics.record(Topics.RESULTS);
    }

    @AfterAll
    static void closeTopics() {
        topics.close();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void poisonRecordLandsInTheDeadLetterTopicAndTheRecordsAfterItAreApplied() {
        String tenant = Envelopes.uniqueTenant();
        ChangeEnvelope after = create(tenant, "dev-a", "notes", "after-poison", fields("x", 1), 1);
        String key = after.key().recordKey();
        // Same key, so the same partition as the valid change that follows.
        topics.sendRaw(key, "{this is not json");
        topics.sendRaw(key, "{\"type\":\"change\",\"tenant\":\"" + tenant + "\",\"device\":\"dev-a\"}");
        topics.send(after);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(results.receipts(tenant))
                .anySatisfy(r -> {
                    assertThat(r.receipt().changeId()).isEqualTo(after.change().changeId());
                    assertThat(r.receipt().status()).isEqualTo(ReceiptStatus.APPLIED);
                }));
        List<ConsumerRecord<String, String>> dead = await().atMost(Duration.ofSeconds(60))
                .until(() -> dlq.records().stream().filter(r -> key.equals(r.key())).toList(),
                        list -> list.size() == 2);
        assertThat(dead.get(0).value()).isEqualTo("{this is not json");
        assertThat(header(dead.get(0), Topics.HEADER_DLQ_CODE)).isEqualTo("unparseable");
        assertThat(header(dead.get(0), Topics.HEADER_DLQ_TOPIC)).isEqualTo(Topics.CHANGES);
        assertThat(header(dead.get(0), Topics.HEADER_DLQ_OFFSET)).isNotBlank();
        assertThat(header(dead.get(1), Topics.HEADER_DLQ_CODE)).isEqualTo("invalid-envelope");
    }

    @Test
    void changeWhoseDataTheDatabaseRefusesIsRejectedAsUnstorableWithoutADeadLetter() {
        String tenant = Envelopes.uniqueTenant();
        // PostgreSQL refuses the \u0000 character in jsonb text: the change is well-formed JSON but cannot be stored.
        // The gateway refuses it (unstorable-value); a record that reaches the apply path anyway is the device's fault,
        // so it ends as the device's rejected receipt, never as a dead letter that pages an operator.
        ChangeEnvelope unstorable = create(tenant, "dev-a", "notes", "bad", fields("x", "nul\u0000byte"), 1);
        ChangeEnvelope fine = create(tenant, "dev-a", "notes", "good", fields("x", "ok"), 2);
        topics.send(unstorable, fine);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(results.receipts(tenant)).anySatisfy(r -> {
                assertThat(r.receipt().changeId()).isEqualTo(unstorable.change().changeId());
                assertThat(r.receipt().status()).isEqualTo(ReceiptStatus.REJECTED);
                assertThat(r.receipt().code()).isEqualTo(ReceiptCodes.UNSTORABLE_VALUE);
            });
            assertThat(results.receipts(tenant)).anySatisfy(r -> {
                assertThat(r.receipt().changeId()).isEqualTo(fine.change().changeId());
                assertThat(r.receipt().status()).isEqualTo(ReceiptStatus.APPLIED);
            });
        });
        // A dead letter would have been sent before the receipt, so on the dead-letter partition of this key it would
        // stand before a marker sent now: once the marker is read, nothing else of this key may have been.
        String key = unstorable.key().recordKey();
        topics.sendRaw(Topics.CHANGES_DLQ, key, "marker");
        List<ConsumerRecord<String, String>> ofKey = await().atMost(Duration.ofSeconds(60))
                .until(() -> dlq.records().stream().filter(r -> key.equals(r.key())).toList(),
                        list -> list.stream().anyMatch(r -> "marker".equals(r.value())));
        assertThat(ofKey).extracting(ConsumerRecord::value).containsExactly("marker");
        assertThat(Db.scalar("SELECT count(*) FROM sync.change_outcome WHERE tenant = ? AND status = 'rejected' "
                + "AND code = 'unstorable-value'", tenant)).isEqualTo(1);
        assertThat(Db.scalar("SELECT count(*) FROM sync.entity WHERE tenant = ?", tenant)).isEqualTo(1);
    }
}
