package io.syncmesh.conflict.queue;

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
import io.syncmesh.protocol.TraceContext;
import io.syncmesh.support.messaging.MeshHeaders;

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
        RecordHeaders headers = MeshHeaders.of(envelope.tenant(), envelope.change().changeId(),
                TraceContext.continueOrStart(traceparent));
        return changes.sendMessage(Message.of(SyncJson.write(envelope))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(envelope.key().recordKey())
                        .withHeaders(headers)
                        .build()));
    }
}
