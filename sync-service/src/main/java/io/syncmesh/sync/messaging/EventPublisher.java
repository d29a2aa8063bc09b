package io.syncmesh.sync.messaging;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.Topics;
import io.syncmesh.sync.apply.JsonColumns;
import io.syncmesh.sync.apply.OutcomeKey;

/**
 * Sends receipts to sync.results and conflict events to sync.conflicts. Every send completes only when Kafka
 * acknowledged it (acks=all, idempotent producer), so the caller commits its offsets after the events are durable.
 */
@ApplicationScoped
public class EventPublisher {

    @Inject
    @Channel(Channels.RESULTS)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> results;

    @Inject
    @Channel(Channels.CONFLICTS)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> conflicts;

    /**
     * Sends the receipts and conflict events (the latter already serialized, as stored), each record with the trace
     * context of its change when known, and waits for every ack.
     */
    public Uni<Void> publish(List<ResultEvent> receipts, List<String> conflictEvents,
            Map<OutcomeKey, String> traces) {
        List<Uni<Void>> sends = new ArrayList<>(receipts.size() + conflictEvents.size());
        for (ResultEvent receipt : receipts) {
            String key = receipt.tenant() + "/" + receipt.receipt().collection() + "/" + receipt.receipt().entityId();
            sends.add(results.sendMessage(record(JsonColumns.write(receipt), key, receipt.tenant(),
                    receipt.receipt().changeId(),
                    traces.get(new OutcomeKey(receipt.tenant(), receipt.receipt().changeId())))));
        }
        for (String json : conflictEvents) {
            ConflictEvent event = JsonColumns.read(json, ConflictEvent.class);
            String changeId = event.envelope().change().changeId();
            sends.add(conflicts.sendMessage(record(json, event.envelope().key().recordKey(), event.envelope().tenant(),
                    changeId, traces.get(new OutcomeKey(event.envelope().tenant(), changeId)))));
        }
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    private static Message<String> record(String value, String key, String tenant, String changeId,
            String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        if (traceparent != null) {
            headers.add(Topics.HEADER_TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        }
        headers.add(Topics.HEADER_TENANT, tenant.getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_CHANGE_ID, changeId.getBytes(StandardCharsets.UTF_8));
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(key)
                .withHeaders(headers)
                .build());
    }
}
