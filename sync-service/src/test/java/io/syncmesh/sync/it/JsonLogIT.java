package io.syncmesh.sync.it;

import static io.syncmesh.sync.it.Envelopes.create;
import static io.syncmesh.sync.it.Envelopes.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.TraceContext;

/**
 * The packaged sync-service logs JSON lines; a line about a change names it, its entity, its tenant and its trace as
 * fields, and no line holds a field value (DESIGN.md section 7).
 */
class JsonLogIT {

    /** Field values no log line may contain. */
    private static final String TITLE = "Dinner with Jane Doe 7c1f";
    private static final String NOTE = "Allergic to nuts 91ab";

    @Test
    void aChangeRejectedForItsDataIsLoggedAsJsonWithItsIdsAndTraceButNoFieldValue() throws Exception {
        DevStack stack = DevStack.shared();
        Path log = Path.of("target", "json-log-sync-service.log");
        Files.deleteIfExists(log);
        String tenant = Envelopes.uniqueTenant();
        String traceparent = TraceContext.continueOrStart(null);
        // PostgreSQL refuses \u0000 in jsonb: the change is well formed but cannot be stored, so it is rejected for its
        // data (no dead letter) and logged.
        ChangeEnvelope unstorable = create(tenant, "dev-a", "notes", "bad",
                fields("title", TITLE, "note", NOTE + "\u0000"), 1);
        String changeId = unstorable.change().changeId();

        try (MeshTopics topics = new MeshTopics(stack.bootstrapServers());
                QuarkusAppProcess service = MeshServices.syncService(stack, stack.postgres().createUniqueDatabase(),
                        log).build()) {
            MeshTopics.Recorder results = topics.record(Topics.RESULTS);
            service.start();
            topics.sendTraced(traceparent, unstorable);

            ConsumerRecord<String, String> rejected = await().atMost(Duration.ofSeconds(60))
                    .until(() -> results.records().stream().filter(record -> {
                        ResultEvent event = SyncJson.read(record.value(), ResultEvent.class);
                        return tenant.equals(event.tenant()) && changeId.equals(event.receipt().changeId());
                    }).findFirst(), java.util.Optional::isPresent).orElseThrow();
            assertThat(SyncJson.read(rejected.value(), ResultEvent.class).receipt().status())
                    .isEqualTo(ReceiptStatus.REJECTED);
            assertThat(SyncJson.read(rejected.value(), ResultEvent.class).receipt().code())
                    .isEqualTo(ReceiptCodes.UNSTORABLE_VALUE);
            assertThat(MeshTopics.header(rejected, Topics.HEADER_TRACEPARENT)).isEqualTo(traceparent);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jsonLines(log))
                    .filteredOn(line -> line.path("level").asText().equals("WARN"))
                    .anySatisfy(line -> {
                        assertThat(line.path("loggerName").asText()).endsWith("UnprocessableChanges");
                        JsonNode mdc = line.path("mdc");
                        assertThat(mdc.path("changeId").asText()).isEqualTo(changeId);
                        assertThat(mdc.path("traceId").asText()).isEqualTo(TraceContext.traceId(traceparent));
                        assertThat(mdc.path("tenant").asText()).isEqualTo(tenant);
                        assertThat(mdc.path("collection").asText()).isEqualTo("notes");
                        assertThat(mdc.path("entityId").asText()).isEqualTo("bad");
                    }));
        }
        assertThat(Files.readString(log)).as("no field value in the log").doesNotContain(TITLE, NOTE);
    }

    /** Every line the service wrote, each parsed as JSON (the launcher's own "===" start markers aside). */
    private static List<JsonNode> jsonLines(Path log) {
        try {
            return Files.readAllLines(log).stream().filter(line -> !line.isBlank() && !line.startsWith("=== "))
                    .map(line -> {
                        try {
                            return SyncJson.mapper().readTree(line);
                        } catch (IOException e) {
                            throw new AssertionError("not a JSON log line: " + line, e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
