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
import io.syncmesh.sync.apply.ApplyMetrics;
import io.syncmesh.sync.apply.EventPublisher;
import io.syncmesh.sync.apply.OutcomeKey;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The end of the line for a change that fails on its own. If PostgreSQL refused its data, it is the device's fault: the
 * change is rejected with unstorable-value. Otherwise the system failed on it: it goes to the dead-letter topic (an
 * operator looks) and is rejected as unprocessable. Either way its change id gets that final outcome, so that the
 * device is told and a replay gets the same answer.
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

    @Inject
    ApplyMetrics metrics;

    /** Dead-letters a change the system failed on, and tells its device it was rejected as unprocessable. */
    public Uni<Void> handle(IncomingChange change, Throwable failure) {
        ChangeEnvelope envelope = change.input().envelope();
        try (LogContext ignored = LogContext.forChange(envelope, change.input().traceparent())) {
            LOG.errorf("change %s of tenant %s cannot be applied (%s)", envelope.change().changeId(),
                    envelope.tenant(), FailureKind.describe(failure));
        }
        return deadLetters.send(change.record(), ReceiptCodes.UNPROCESSABLE, FailureKind.describe(failure))
                .flatMap(sent -> reject(change, ReceiptCodes.UNPROCESSABLE));
    }

    /**
     * Rejects a change for its own data, with {@code code}: a text PostgreSQL cannot store, found by the validator
     * ({@link IncomingChange#isRefused()}) or refused by PostgreSQL itself ({@link FailureKind#isRefusedData}). It is
     * the device's fault, so it ends as the device's rejected receipt and a count by code, never as a dead letter that
     * pages an operator.
     *
     * @param why
     *            a log-safe reason: a code or an SQL state, never a value
     */
    public Uni<Void> refuse(IncomingChange change, String code, String why) {
        ChangeEnvelope envelope = change.input().envelope();
        try (LogContext ignored = LogContext.forChange(envelope, change.input().traceparent())) {
            LOG.warnf("change %s of tenant %s rejected with %s (%s)", envelope.change().changeId(), envelope.tenant(),
                    code, why);
        }
        return reject(change, code).invoke(() -> metrics.recordRejection(envelope.change().collection(), code));
    }

    /** Stores the final outcome rejected/{@code code}, so that a replay gets it again, and sends the receipt. */
    private Uni<Void> reject(IncomingChange change, String code) {
        ChangeEnvelope envelope = change.input().envelope();
        String traceparent = change.input().traceparent();
        Receipt receipt = Receipt.rejected(envelope.change().changeId(), envelope.change().collection(),
                envelope.change().entityId(), code);
        Tuple row = Tuple.tuple(List.of(envelope.tenant(), envelope.change().changeId(), envelope.device(),
                envelope.change().collection(), envelope.change().entityId(), envelope.attempt(), code));
        Map<OutcomeKey, String> traces = traceparent == null
                ? Map.of()
                : Map.of(new OutcomeKey(envelope.tenant(), envelope.change().changeId()), traceparent);
        return pool.preparedQuery(RECORD_REJECTION).execute(row)
                .flatMap(written -> publisher.publish(
                        List.of(ResultEvent.of(envelope.tenant(), envelope.device(), receipt, null)), List.of(),
                        traces));
    }
}
