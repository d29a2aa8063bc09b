package io.syncmesh.sync.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.support.logging.LogContext;
import io.syncmesh.sync.apply.OutcomeKey;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The end of the line for a change that fails on its own: it goes to the dead-letter topic, and its change id gets the
 * final outcome rejected/unprocessable so that the device is told and a replay gets the same answer.
 */
@ApplicationScoped
public class UnprocessableChanges {

    private static final Logger LOG = Logger.getLogger(UnprocessableChanges.class);

    private static final String RECORD_REJECTION = """
            INSERT INTO sync.change_outcome (tenant, change_id, device, collection, entity_id, status, attempt, code)
            VALUES ($1, $2, $3, $4, $5, 'rejected', $6, $7)
            ON CONFLICT (tenant, change_id) DO UPDATE SET status = 'rejected', code = excluded.code,
              attempt = excluded.attempt, recorded_at = now(), txid = pg_current_xact_id(),
              seq = nextval('sync.position_seq')""";

    @Inject
    Pool pool;

    @Inject
    DeadLetters deadLetters;

    @Inject
    EventPublisher publisher;

    public Uni<Void> handle(IncomingChange change, Throwable failure) {
        ChangeEnvelope envelope = change.input().envelope();
        String traceparent = change.input().traceparent();
        try (LogContext ignored = LogContext.forChange(envelope, traceparent)) {
            LOG.errorf("change %s of tenant %s cannot be applied (%s)", envelope.change().changeId(),
                    envelope.tenant(), FailureKind.describe(failure));
        }
        Receipt receipt = Receipt.rejected(envelope.change().changeId(), envelope.change().collection(),
                envelope.change().entityId(), ReceiptCodes.UNPROCESSABLE);
        Tuple row = Tuple.tuple(List.of(envelope.tenant(), envelope.change().changeId(), envelope.device(),
                envelope.change().collection(), envelope.change().entityId(), envelope.attempt(),
                ReceiptCodes.UNPROCESSABLE));
        Map<OutcomeKey, String> traces = traceparent == null
                ? Map.of()
                : Map.of(new OutcomeKey(envelope.tenant(), envelope.change().changeId()), traceparent);
        return deadLetters.send(change.record(), ReceiptCodes.UNPROCESSABLE, FailureKind.describe(failure))
                .flatMap(sent -> pool.preparedQuery(RECORD_REJECTION).execute(row))
                .flatMap(written -> publisher.publish(
                        List.of(ResultEvent.of(envelope.tenant(), envelope.device(), receipt, null)), List.of(),
                        traces));
    }
}
