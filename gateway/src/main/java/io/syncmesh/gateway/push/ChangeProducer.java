package io.syncmesh.gateway.push;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;

/**
 * Produces change envelopes to sync.changes, keyed by tenant/collection/entityId so that every change of an entity
 * lands in one partition, and completes when Kafka acknowledged all of them (acks=all, idempotent producer).
 */
@ApplicationScoped
public class ChangeProducer {

    @Inject
    @Channel(Channels.CHANGES)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> changes;

    @Inject
    RequestTrace trace;

    public Uni<Void> send(List<ChangeEnvelope> envelopes) {
        if (envelopes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String traceparent = trace.traceparent();
        List<Uni<Void>> acks = new ArrayList<>(envelopes.size());
        for (ChangeEnvelope envelope : envelopes) {
            acks.add(changes.sendMessage(record(envelope, traceparent)));
        }
        return Uni.join().all(acks).andFailFast().replaceWithVoid();
    }

    private static Message<String> record(ChangeEnvelope envelope, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_TENANT, envelope.tenant().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_CHANGE_ID, envelope.change().changeId().getBytes(StandardCharsets.UTF_8));
        String json;
        try {
            json = SyncJson.mapper().writeValueAsString(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a validated change always serializes", e);
        }
        return Message.of(json).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(envelope.key().recordKey())
                .withHeaders(headers)
                .build());
    }
}
