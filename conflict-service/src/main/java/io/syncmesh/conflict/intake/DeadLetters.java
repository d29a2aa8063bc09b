package io.syncmesh.conflict.intake;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.Topics;

/** Moves a record that cannot be parsed to sync.changes.dlq, with error headers (the dead-letter topic of the mesh). */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    @Inject
    @Channel(Channels.CHANGES_DLQ)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> dlq;

    /**
     * Sends the record as it was received, keeping its key and headers, and adds the error code, a detail that never
     * holds field values, and where the record came from.
     */
    public Uni<Void> send(ConsumerRecord<String, String> original, String code, String detail) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header);
        }
        headers.add(Topics.HEADER_DLQ_CODE, bytes(code));
        headers.add(Topics.HEADER_DLQ_DETAIL, bytes(detail));
        headers.add(Topics.HEADER_DLQ_TOPIC, bytes(original.topic()));
        headers.add(Topics.HEADER_DLQ_PARTITION, bytes(Integer.toString(original.partition())));
        headers.add(Topics.HEADER_DLQ_OFFSET, bytes(Long.toString(original.offset())));
        LOG.warnf("dead-lettering record %s-%d@%d code=%s", original.topic(), original.partition(), original.offset(),
                code);
        return dlq.sendMessage(Message.of(original.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(original.key())
                .withHeaders(headers)
                .build()));
    }

    private static byte[] bytes(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }
}
