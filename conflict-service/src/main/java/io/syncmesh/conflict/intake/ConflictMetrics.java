package io.syncmesh.conflict.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts conflict answers by collection and outcome ({@code merged}, {@code manual}, {@code rejected}). */
@ApplicationScoped
public class ConflictMetrics {

    @Inject
    MeterRegistry registry;

    void answered(String collection, String outcome) {
        Counter.builder("conflict_answers_total")
                .description("Conflict events answered, by collection and outcome (replays not counted)")
                .tag("collection", collection)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
