package io.syncmesh.sync.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.Channels;

/**
 * Consumes sync.changes in batches (one poll, all assigned partitions, in offset order per partition).
 *
 * <p>
 * Failure strategy: a record that cannot be parsed goes to the dead-letter topic; a batch that fails to apply is
 * retried while the failure is transient and split until the failing record is isolated and dead-lettered otherwise
 * ({@link ResilientBatchApplier}), so no record stalls its partition. Commit strategy: throttled; the batch is
 * acknowledged only after its transaction committed and its events were acknowledged by Kafka, so a crash re-delivers
 * it and the stored outcomes are sent again.
 */
@ApplicationScoped
public class ChangeConsumer {

    @Inject
    DeadLetters deadLetters;

    @Inject
    ResilientBatchApplier applier;

    @Incoming(Channels.CHANGES)
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<IncomingChange> good = new ArrayList<>(records.count());
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            IncomingChange change = IncomingChange.parse(record);
            if (change.isPoison()) {
                poison.add(deadLetters.send(record, change.errorCode(), change.errorDetail()));
            } else {
                good.add(change);
            }
        }
        Uni<Void> deadLettered = poison.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(poison).andFailFast().replaceWithVoid();
        return deadLettered.flatMap(ignored -> applier.apply(good));
    }
}
