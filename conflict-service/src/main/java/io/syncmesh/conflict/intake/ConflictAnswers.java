package io.syncmesh.conflict.intake;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;

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

    public Uni<ChangeEnvelope> answer(ConflictEvent event) {
        return Panache.withTransaction(() -> Answer.<Answer>findById(Answer.idOf(event.envelope()))
                .chain(stored -> stored != null
                        ? Uni.createFrom().item(new Answered(stored.envelope(), null))
                        : decideAndStore(event)))
                // Counted once committed: a transaction that fails is retried and must not count twice.
                .invoke(answered -> {
                    if (answered.decision() != null) {
                        metrics.answered(event.envelope().change().collection(), answered.decision());
                    }
                })
                .map(Answered::answer);
    }

    private Uni<Answered> decideAndStore(ConflictEvent event) {
        Instant now = clock.instant();
        ConflictDecider.Decision decision = decider.decide(event, now);
        Uni<Void> item = decision.item() == null
                ? Uni.createFrom().voidItem()
                : decision.item().persist().replaceWithVoid();
        return item.chain(() -> Answer.of(event.envelope(), decision.answer(), now).persist())
                .replaceWith(new Answered(decision.answer(), decision));
    }
}
