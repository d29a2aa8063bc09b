package io.syncmesh.gateway.push;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.push.ChangeProducer.KafkaBackPressure;
import io.syncmesh.gateway.receipt.ReceiptCollector;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.support.logging.LogContext;
import io.syncmesh.support.web.Problems;

/**
 * Submits validated changes in a caller's name: wraps them in envelopes, produces them durably and, when asked, waits
 * for their receipts. Kafka not acknowledging becomes a 503 problem; nothing was accepted then.
 */
@ApplicationScoped
public class ChangeSubmitter {

    private static final Logger LOG = Logger.getLogger(ChangeSubmitter.class);

    @Inject
    ChangeProducer producer;

    @Inject
    ReceiptCollector receipts;

    @Inject
    RequestTrace trace;

    /** Completes once every change is durable in Kafka. */
    public Uni<Void> submit(Caller caller, List<Change> changes, ConflictMode mode) {
        return produce(caller, envelopes(caller, changes, mode));
    }

    /** Completes with one receipt event per change, in order, final or pending after {@code wait}. */
    public Uni<List<ResultEvent>> submitAndWait(Caller caller, List<Change> changes, ConflictMode mode,
            Duration wait) {
        // Registered before producing, so that no receipt can arrive unobserved.
        ReceiptCollector.Wait receiptWait = receipts.expect(caller.tenant(), changes);
        return produce(caller, envelopes(caller, changes, mode))
                .onFailure().invoke(receiptWait::cancel)
                .flatMap(sent -> receiptWait.collect(wait, caller.device()));
    }

    private static List<ChangeEnvelope> envelopes(Caller caller, List<Change> changes, ConflictMode mode) {
        Instant receivedAt = Instant.now();
        return changes.stream()
                .map(change -> ChangeEnvelope.fromClient(caller.tenant(), caller.device(), receivedAt, change, mode))
                .toList();
    }

    private Uni<Void> produce(Caller caller, List<ChangeEnvelope> envelopes) {
        // Read on the request's thread: the failure may be reported on a Kafka thread, outside the request.
        String traceparent = trace.traceparent();
        return producer.send(envelopes).onFailure().transform(failure -> {
            try (LogContext ignored = LogContext.open().tenant(caller.tenant()).trace(traceparent)) {
                LOG.warnf("%d changes of tenant %s not acknowledged by Kafka (%s)", envelopes.size(),
                        caller.tenant(), failure.getClass().getSimpleName());
            }
            return Problems.unavailable("the changes could not be stored durably now; send them again with the same "
                    + "change ids (or Idempotency-Key)").retryAfter(failure instanceof KafkaBackPressure ? 1 : 5);
        });
    }
}
