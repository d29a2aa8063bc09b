package io.syncmesh.support.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmesh.protocol.Topics;

/** The record for sync.changes.dlq of a record a service cannot process: as received, plus error headers. */
public final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    /**
     * The original value, key and headers, plus the error code, a detail that never holds field values, and where the
     * record came from.
     */
    public static Message<String> of(ConsumerRecord<String, String> original, String code, String detail) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header);
        }
        headers.add(Topics.HEADER_DLQ_CODE, bytes(code));
        headers.add(Topics.HEADER_DLQ_DETAIL, bytes(detail));
        headers.add(Topics.HEADER_DLQ_TOPIC, bytes(original.topic()));
        headers.add(Topics.HEADER_DLQ_PARTITION, bytes(Integer.toString(original.partition())));
        headers.add(Topics.HEADER_DLQ_OFFSET, bytes(Long.toString(original.offset())));
        return Message.of(original.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(original.key())
                .withHeaders(headers)
                .build());
    }

    private static byte[] bytes(String value) {
        return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    }
}
