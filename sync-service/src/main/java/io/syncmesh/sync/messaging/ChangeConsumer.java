package io.syncmesh.sync.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import io.syncmesh.protocol.Channels;
import io.syncmesh.sync.config.SyncConfig;

/**
 * Consumes sync.changes in batches (one poll, all assigned partitions, in offset order per partition).
 *
 * <p>
 * Failure strategy: a record that cannot be parsed goes to the dead-letter topic; a change whose data cannot be stored
 * is rejected with its receipt (the device's fault, no dead letter); a batch that fails to apply is retried while the
 * failure is transient and split until the failing record is isolated and dead-lettered otherwise
 * ({@link ResilientBatchApplier}), so no record stalls its partition. While the service runs, the returned answer never
 * fails: a failed channel stops consuming for good, so sends that Kafka refuses are tried again until it takes them
 * ({@link RetryUntilStopped}). Commit strategy: throttled; the batch is acknowledged only after its transaction
 * committed and its events were acknowledged by Kafka, so a crash re-delivers it and the stored outcomes are sent
 * again.
 *
 * <p>
 * Pipelining: the next batch is taken as soon as this one committed, while Kafka acknowledges this one's events, up to
 * {@link SyncConfig#batchesAwaitingAcks()} batches behind ({@link PublishWindow}). The next transaction sees this one's
 * writes, and events are sent in batch order, so nothing changes for a reader; the wait for acknowledgements is simply
 * off the path of the following batch.
 */
@ApplicationScoped
public class ChangeConsumer {

    private static final Logger LOG = Logger.getLogger(ChangeConsumer.class);

    private final DeadLetters deadLetters;
    private final ResilientBatchApplier applier;
    private final RetryUntilStopped retries;
    private final UnprocessableChanges unprocessable;
    private final PublishWindow window;

    @Inject
    public ChangeConsumer(DeadLetters deadLetters, ResilientBatchApplier applier, RetryUntilStopped retries,
            UnprocessableChanges unprocessable, SyncConfig config) {
        this.deadLetters = deadLetters;
        this.unprocessable = unprocessable;
        this.applier = applier;
        this.retries = retries;
        this.window = new PublishWindow(config.batchesAwaitingAcks());
    }

    @Incoming(Channels.CHANGES)
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> consume(KafkaRecordBatch<String, String> batch) {
        @SuppressWarnings("unchecked")
        ConsumerRecords<String, String> records = batch.getMetadata(IncomingKafkaRecordBatchMetadata.class)
                .orElseThrow().getRecords();
        List<IncomingChange> good = new ArrayList<>(records.count());
        // Records that are never applied: poison records to the dead-letter topic, refused changes to their devices.
        List<Uni<Void>> setAside = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            IncomingChange change = IncomingChange.parse(record);
            if (change.isPoison()) {
                setAside.add(retries.run(() -> deadLetters.send(record, change.errorCode(), change.errorDetail()),
                        "dead-lettering record " + record.partition() + "@" + record.offset()));
            } else if (change.isRefused()) {
                setAside.add(retries.run(() -> unprocessable.refuse(change, change.errorCode(), change.errorDetail()),
                        "rejecting record " + record.partition() + "@" + record.offset()));
            } else {
                good.add(change);
            }
        }
        Uni<Void> handled = setAside.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(setAside).andFailFast().replaceWithVoid();
        return handled.flatMap(ignored -> applier.applyThenPublish(good))
                .flatMap(published -> {
                    published.whenComplete((ok, failure) -> {
                        if (failure == null) {
                            batch.ack();
                        } else {
                            // Only when the service stops: left unacknowledged, so never committed, and delivered
                            // again after the restart.
                            LOG.infof("a committed batch of %d changes was not acknowledged (%s); it will be "
                                    + "delivered again after the restart", good.size(),
                                    FailureKind.describe(failure));
                        }
                    });
                    return Uni.createFrom().completionStage(window.admit(published));
                });
    }
}
