package io.syncmesh.sync.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.TraceContext;
import io.syncmesh.protocol.Violation;
import io.syncmesh.sync.apply.ChangeInput;

/**
 * A record of sync.changes with its parsed change, or the reason it cannot be processed: a poison record (no change,
 * for the dead-letter topic), or a change refused for its own data (with a receipt code, for its device).
 */
public record IncomingChange(ConsumerRecord<String, String> record, ChangeInput input, String errorCode,
        String errorDetail) {

    public static final String UNPARSEABLE = "unparseable";
    public static final String INVALID_ENVELOPE = "invalid-envelope";

    private static final ChangeValidator VALIDATOR = new ChangeValidator();

    public boolean isPoison() {
        return input == null;
    }

    /** A well-formed change whose data cannot be stored: rejected with {@link #errorCode()}, never applied. */
    public boolean isRefused() {
        return input != null && errorCode != null;
    }

    /** Parses and checks a record; never throws: a bad record becomes a poison item for the dead-letter topic. */
    public static IncomingChange parse(ConsumerRecord<String, String> record) {
        ChangeEnvelope envelope;
        try {
            envelope = SyncJson.mapper().readValue(record.value(), ChangeEnvelope.class);
        } catch (Exception e) {
            // The parser's message may quote the payload, which may hold personal data: only the exception type.
            return new IncomingChange(record, null, UNPARSEABLE,
                    "not a change envelope: " + e.getClass().getSimpleName());
        }
        String problem = checkEnvelope(envelope);
        if (problem != null) {
            return new IncomingChange(record, null, INVALID_ENVELOPE, problem);
        }
        ChangeInput input = ChangeInput.fresh(envelope, traceparentOf(record));
        List<Violation> violations = VALIDATOR.validate(envelope.change(), envelope.origin());
        if (violations.isEmpty()) {
            return new IncomingChange(record, input, null, null);
        }
        if (violations.stream().allMatch(v -> ReceiptCodes.UNSTORABLE_VALUE.equals(v.code()))) {
            // The device's data, let through by a gateway that did not check it yet (a rolling upgrade): its receipt
            // tells the device, and no operator is paged for it.
            return new IncomingChange(record, input, ReceiptCodes.UNSTORABLE_VALUE, "unstorable text in a value");
        }
        return new IncomingChange(record, null, INVALID_ENVELOPE,
                "change breaks " + violations.stream().map(Violation::code).distinct().toList());
    }

    private static String traceparentOf(ConsumerRecord<String, String> record) {
        org.apache.kafka.common.header.Header header = record.headers().lastHeader(Topics.HEADER_TRACEPARENT);
        String value = header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
        return TraceContext.isValid(value) ? value : null;
    }

    private static String checkEnvelope(ChangeEnvelope envelope) {
        if (envelope == null || envelope.change() == null) {
            return "envelope without change";
        }
        if (!Identifiers.isPrincipal(envelope.tenant()) || !Identifiers.isPrincipal(envelope.device())) {
            return "tenant and device must be valid principals";
        }
        if (envelope.attempt() < 0) {
            return "attempt must not be negative";
        }
        return null;
    }
}
