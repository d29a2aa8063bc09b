package io.syncmesh.conflict.queue;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends resolutions that were stored but not acknowledged by Kafka (the broker was down when the operator resolved, or
 * the service stopped in between). The item row is the truth; the change is re-derived from it.
 */
@ApplicationScoped
public class ResolutionOutbox {

    @Inject
    ManualQueue queue;

    @Scheduled(every = "${conflict.resend-interval:5S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resendUnsent() {
        return Panache.withSession(() -> ManualItem.<ManualItem>find("resolutionUnsent is not null").page(0, 100)
                .list())
                .chain(this::sendEach);
    }

    private Uni<Void> sendEach(List<ManualItem> items) {
        return Multi.createFrom().iterable(items).onItem().transformToUniAndConcatenate(queue::send)
                .collect().last().replaceWithVoid();
    }
}
