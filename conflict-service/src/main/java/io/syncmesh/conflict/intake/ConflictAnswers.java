package io.syncmesh.conflict.intake;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.syncmesh.conflict.queue.Answer;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.support.logging.LogContext;

/**
 * Answers a conflict event exactly once per (change, attempt): in one transaction it finds the stored answer, or
 * decides, stores the answer and any manual item. A second delivery gets the stored answer and creates nothing.
 */
@ApplicationScoped
public class ConflictAnswers {

    /** An answer, and the decision it counts as (null for a replay, which is not counted again). */
    private record Answered(ChangeEnvelope answer, ConflictDecider.Decision decision) {
    }

    @Inject
    ConflictDecider decider;

    @Inject
    ConflictMetrics metrics;

    Clock clock = Clock.systemUTC();

    /** The answer to the event, which came in the trace {@code traceparent} (may be null; only logs use it). */
    public Uni<ChangeEnvelope> answer(ConflictEvent event, String traceparent) {
        return Panache.withTransaction(() -> Answer.<Answer>findById(Answer.idOf(event.envelope()))
                .chain(stored -> stored != null
                        ? Uni.createFrom().item(new Answered(stored.envelope(), null))
                        : decideAndStore(event, traceparent)))
                // Counted once committed: a transaction that fails is retried and must not count twice.
                .invoke(answered -> {
                    if (answered.decision() != null) {
                        metrics.answered(event.envelope().change().collection(), answered.decision());
                    }
                })
                .map(Answered::answer);
    }

    private Uni<Answered> decideAndStore(ConflictEvent event, String traceparent) {
        Instant now = clock.instant();
        ConflictDecider.Decision decision;
        // What the decision logs (a merge that failed) names the change and its trace.
        try (LogContext ignored = LogContext.forChange(event.envelope(), traceparent)) {
            decision = decider.decide(event, now);
        }
        Uni<Void> item = decision.item() == null
                ? Uni.createFrom().voidItem()
                : decision.item().persist().replaceWithVoid();
        return item.chain(() -> Answer.of(event.envelope(), decision.answer(), now).persist())
                .replaceWith(new Answered(decision.answer(), decision));
    }
}
