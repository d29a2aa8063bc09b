package io.syncmesh.conflict.intake;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncmesh.protocol.registry.CollectionRegistry;

/**
 * Counts conflict answers by collection and outcome ({@code merged}, {@code manual}, {@code rejected}), and the fields
 * both sides changed by collection, field, policy and how they ended ({@code merged} by the policy, {@code manual}).
 */
@ApplicationScoped
public class ConflictMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    CollectionRegistry collections;

    private DistributionSummary mergeAttempts;

    @PostConstruct
    void meters() {
        mergeAttempts = DistributionSummary.builder("syncmesh_conflict_merge_attempt")
                .description("Attempt number of each merged answer: 1 for a first merge, more when a merged change "
                        + "met an entity that had moved again")
                .publishPercentileHistogram().register(registry);
    }

    void answered(String changeCollection, ConflictDecider.Decision decision) {
        // A rejected change may name a collection the registry no longer declares: labels stay bounded.
        String collection = collections.labelOf(changeCollection);
        decision.fields().forEach((field, policy) -> Counter.builder("syncmesh_conflict_fields_total")
                .description("Fields both sides of a conflict changed, by collection, field, policy and result")
                // Field names come from clients: only fields the registry names become labels, others are "other".
                .tag("collection", collection).tag("field", collections.fieldLabelOf(collection, field))
                .tag("policy", policy).tag("result", decision.outcome())
                .register(registry).increment());
        String outcome = decision.outcome();
        if ("merged".equals(outcome)) {
            mergeAttempts.record(decision.answer().attempt());
        }
        Counter.builder("syncmesh_conflict_answers_total")
                .description("Conflict events answered, by collection and outcome (replays not counted)")
                .tag("collection", collection)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
