package io.syncmesh.conflict.intake;

import java.nio.charset.StandardCharsets;

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
import io.syncmesh.protocol.TraceContext;

/**
 * Sends answers and resolutions to sync.changes, keyed like the entity so that they land in the entity's partition
 * behind its earlier changes; completes when Kafka acknowledged (acks=all, idempotent producer).
 */
@ApplicationScoped
public class ChangeSender {

    @Inject
    @Channel(Channels.CHANGES)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> changes;

    /**
     * Sends a change in the trace of the record that caused it (an answer to a conflict event), or in a trace of its
     * own when {@code traceparent} is null or invalid.
     */
    public Uni<Void> send(ChangeEnvelope envelope, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.HEADER_TRACEPARENT,
                TraceContext.continueOrStart(traceparent).getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_TENANT, envelope.tenant().getBytes(StandardCharsets.UTF_8));
        headers.add(Topics.HEADER_CHANGE_ID, envelope.change().changeId().getBytes(StandardCharsets.UTF_8));
        return changes.sendMessage(Message.of(SyncJson.write(envelope))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(envelope.key().recordKey())
                        .withHeaders(headers)
                        .build()));
    }
}
