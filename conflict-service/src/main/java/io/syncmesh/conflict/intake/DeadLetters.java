package io.syncmesh.conflict.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.syncmesh.protocol.Channels;
import io.syncmesh.support.logging.LogContext;
import io.syncmesh.support.messaging.DeadLetterRecords;

/** Moves a record this service cannot process to sync.changes.dlq, with error headers. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel(Channels.CHANGES_DLQ)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> dlq;

    /** Sends the record as it was received with the error code and a detail that never holds field values. */
    public Uni<Void> send(ConsumerRecord<String, String> original, String code, String detail) {
        try (LogContext ignored = LogContext.forRecord(original.headers())) {
            LOG.warnf("dead-lettering record %s-%d@%d code=%s", original.topic(), original.partition(),
                    original.offset(), code);
        }
        return dlq.sendMessage(DeadLetterRecords.of(original, code, detail));
    }
}
