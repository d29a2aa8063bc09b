package io.syncmesh.sync.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.CollectionRegistry;
import io.syncmesh.support.lifecycle.ShutdownGuard;
import io.syncmesh.sync.apply.BatchPlan;
import io.syncmesh.sync.apply.ChangeBatchApplier;
import io.syncmesh.sync.apply.ChangeInput;
import io.syncmesh.sync.config.SyncConfig;
import io.vertx.pgclient.PgException;

/**
 * How a batch gets through failures, with the database and Kafka replaced by scripts: what is retried, what is split,
 * what is dead-lettered, and that nothing but a stopping service fails the consumer's answer.
 */
class ResilientBatchApplierTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ScriptedApplier applier = new ScriptedApplier();
    private final ScriptedDeadEnd deadEnd = new ScriptedDeadEnd();
    private final ShutdownGuard shutdown = new ShutdownGuard();
    private final ResilientBatchApplier resilient = resilient();

    private ResilientBatchApplier resilient() {
        RetryUntilStopped retries = new RetryUntilStopped();
        retries.config = FAST_RETRIES;
        retries.shutdown = shutdown;
        ResilientBatchApplier built = new ResilientBatchApplier();
        built.applier = applier;
        built.unprocessable = deadEnd;
        built.config = FAST_RETRIES;
        built.shutdown = shutdown;
        built.retries = retries;
        return built;
    }

    @Test
    void aCommittedBatchWhoseEventsKafkaRefusesIsSentAgainAndNothingIsDeadLettered() throws Exception {
        List<IncomingChange> batch = changes("a", "b", "c");
        applier.publishing = attempt -> attempt <= 2
                ? Uni.createFrom().failure(new KafkaException("not retriable"))
                : Uni.createFrom().voidItem();

        finish(batch);

        assertThat(applier.publishes).hasSize(3);
        assertThat(applier.applied).as("committed once, then applied again to find the stored outcomes")
                .containsExactly(ids("a", "b", "c"), ids("a", "b", "c"), ids("a", "b", "c"));
        assertThat(deadEnd.handled).isEmpty();
    }

    @Test
    void aConnectionResetByTheDatabaseIsRetriedWithTheWholeBatch() throws Exception {
        List<IncomingChange> batch = changes("a", "b");
        applier.applying = (inputs, attempt) -> attempt <= 2
                ? Uni.createFrom().failure(new SocketException("Connection reset"))
                : Uni.createFrom().item(new BatchPlan());

        finish(batch);

        assertThat(applier.applied).containsExactly(ids("a", "b"), ids("a", "b"), ids("a", "b"));
        assertThat(deadEnd.handled).isEmpty();
    }

    @Test
    void aChangeTheSystemFailsOnIsIsolatedAndDeadLetteredEvenWhenDeadLetteringFailsAtFirst() throws Exception {
        List<IncomingChange> batch = changes("a", "bad", "c");
        applier.applying = (inputs, attempt) -> inputs.contains("bad")
                ? Uni.createFrom().failure(new IllegalArgumentException("22P05"))
                : Uni.createFrom().item(new BatchPlan());
        deadEnd.handling = attempt -> attempt <= 2
                ? Uni.createFrom().failure(new org.apache.kafka.common.errors.TimeoutException("Kafka is down"))
                : Uni.createFrom().voidItem();

        finish(batch);

        assertThat(deadEnd.handled).as("tried until Kafka took it").containsExactly("bad", "bad", "bad");
        assertThat(applier.applied).contains(ids("a"), ids("c"));
    }

    @Test
    void aChangeWhoseDataPostgresqlRefusesIsIsolatedAndRejectedWithoutADeadLetter() throws Exception {
        List<IncomingChange> batch = changes("a", "nul", "c");
        applier.applying = (inputs, attempt) -> inputs.contains("nul")
                ? Uni.createFrom().failure(new PgException("unsupported Unicode escape sequence", "ERROR", "22P05",
                        null))
                : Uni.createFrom().item(new BatchPlan());

        finish(batch);

        assertThat(deadEnd.refused).containsExactly("nul");
        assertThat(deadEnd.handled).as("the device's data: no dead letter").isEmpty();
        assertThat(applier.applied).contains(ids("a"), ids("c"));
    }

    @Test
    void aSplitPartThatCommittedButCouldNotBeSentIsSentAgainNotDeadLettered() throws Exception {
        List<IncomingChange> batch = changes("a", "bad");
        applier.applying = (inputs, attempt) -> inputs.contains("bad")
                ? Uni.createFrom().failure(new IllegalArgumentException("22P05"))
                : Uni.createFrom().item(new BatchPlan());
        applier.publishing = attempt -> attempt == 1
                ? Uni.createFrom().failure(new KafkaException("not retriable"))
                : Uni.createFrom().voidItem();

        finish(batch);

        assertThat(deadEnd.handled).containsExactly("bad");
        assertThat(applier.applied).as("a: committed, then applied again to send its stored outcome")
                .containsSubsequence(ids("a"), ids("a"));
    }

    @Test
    void aStoppingServiceLeavesAnUnsentBatchUnacknowledged() throws Exception {
        List<IncomingChange> batch = changes("a");
        applier.publishing = attempt -> {
            shutdown.onStop(null);
            return Uni.createFrom().failure(new KafkaException("producer closed"));
        };

        CompletionStage<Void> published = resilient.applyThenPublish(batch).await().atMost(WAIT);

        assertThatThrownBy(() -> published.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(KafkaException.class);
        assertThat(applier.publishes).hasSize(1);
        assertThat(deadEnd.handled).isEmpty();
    }

    /** Runs the batch as the consumer does and waits until it may be acknowledged; fails if it may not. */
    private void finish(List<IncomingChange> batch) throws Exception {
        CompletionStage<Void> published = resilient.applyThenPublish(batch).await().atMost(WAIT);
        published.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<String> ids(String... ids) {
        return List.of(ids);
    }

    private static List<IncomingChange> changes(String... entityIds) {
        List<IncomingChange> changes = new ArrayList<>();
        long offset = 0;
        for (String id : entityIds) {
            Change change = new Change(id + "-change", "notes", id, Op.CREATE, null,
                    Map.of("title", TextNode.valueOf("t")), null, offset + 1, List.of());
            ChangeEnvelope envelope = ChangeEnvelope.fromClient("tenant-a", "dev-a", Instant.now(), change,
                    ConflictMode.MERGE);
            changes.add(new IncomingChange(new ConsumerRecord<>("sync.changes", 0, offset++, id, "{}"),
                    ChangeInput.fresh(envelope), null, null));
        }
        return changes;
    }

    /** The database and Kafka as scripts of answers by attempt; records what was asked. */
    private static final class ScriptedApplier extends ChangeBatchApplier {

        final List<List<String>> applied = new CopyOnWriteArrayList<>();
        final List<BatchPlan> publishes = new CopyOnWriteArrayList<>();
        ApplyScript applying = (inputs, attempt) -> Uni.createFrom().item(new BatchPlan());
        Function<Integer, Uni<Void>> publishing = attempt -> Uni.createFrom().voidItem();

        ScriptedApplier() {
            super(null, null, null, FAST_RETRIES, null, CollectionRegistry.of());
        }

        @Override
        public Uni<BatchPlan> apply(List<ChangeInput> inputs) {
            List<String> ids = inputs.stream().map(input -> input.envelope().change().entityId()).toList();
            applied.add(ids);
            return applying.answer(ids, applied.size());
        }

        @Override
        public Uni<Void> publish(BatchPlan plan) {
            publishes.add(plan);
            return publishing.apply(publishes.size());
        }
    }

    private interface ApplyScript {

        Uni<BatchPlan> answer(List<String> entityIds, int attempt);
    }

    /** The dead-letter path as a script of answers by attempt. */
    private static final class ScriptedDeadEnd extends UnprocessableChanges {

        final List<String> handled = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();

        @Override
        public Uni<Void> refuse(IncomingChange change, String code, String why) {
            refused.add(change.input().envelope().change().entityId());
            return Uni.createFrom().voidItem();
        }
        Function<Integer, Uni<Void>> handling = attempt -> Uni.createFrom().voidItem();

        @Override
        public Uni<Void> handle(IncomingChange change, Throwable failure) {
            handled.add(change.input().envelope().change().entityId());
            return handling.apply(handled.size());
        }
    }

    private static final SyncConfig FAST_RETRIES = new SyncConfig() {

        @Override
        public Deferral deferral() {
            return new Deferral() {

                @Override
                public Duration maxWait() {
                    return Duration.ofMinutes(5);
                }

                @Override
                public Duration retryInterval() {
                    return Duration.ofSeconds(1);
                }

                @Override
                public int batchSize() {
                    return 500;
                }
            };
        }

        @Override
        public Retention retention() {
            throw new UnsupportedOperationException("not used by the applier");
        }

        @Override
        public Retry retry() {
            return new Retry() {

                @Override
                public Duration initialBackoff() {
                    return Duration.ofMillis(1);
                }

                @Override
                public Duration maxBackoff() {
                    return Duration.ofMillis(5);
                }

                @Override
                public Duration attemptTimeout() {
                    return Duration.ofSeconds(30);
                }
            };
        }

        @Override
        public int batchesAwaitingAcks() {
            return 2;
        }
    };
}
