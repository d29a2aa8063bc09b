package io.syncmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.client.api.InvalidChangeException;
import io.syncmesh.client.api.SyncEvent;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.MemoryStore;
import io.syncmesh.client.local.OutboxChange;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;

/** The SDK against {@link FakeServer}: local writes, push, pull, backoff, receipts and conflicts. */
class SyncClientTest {

    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private final FakeServer server = new FakeServer();
    private final MutableClock clock = new MutableClock(T0);
    private final MemoryStore store = new MemoryStore();
    private final List<SyncEvent> events = new ArrayList<>();
    private final SyncClient client = client("dev-a", store);

    private SyncClient client(String device, MemoryStore localStore) {
        SyncClient built = SyncClient.builder().store(localStore).transport(server.transportFor(device))
                .collections("notes", "tasks").clock(clock).random(new Random(7)).batchSize(2).build();
        built.addListener(events::add);
        return built;
    }

    private static Map<String, JsonNode> fields(Object... pairs) {
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            fields.put((String) pairs[i], value instanceof Integer n
                    ? IntNode.valueOf(n)
                    : TextNode.valueOf((String) value));
        }
        return fields;
    }

    @Nested
    class LocalWrites {

        @Test
        void aWriteIsVisibleAtOnceAndPendingUntilTheServerAppliesIt() {
            client.create("notes", "n1", fields("title", "Milk"));

            LocalEntity local = client.get("notes", "n1").orElseThrow();
            assertThat(local.fields()).isEqualTo(fields("title", "Milk"));
            assertThat(local.pending()).isTrue();
            assertThat(local.dirtyFields()).containsExactly("title");
            assertThat(local.knownToServer()).isFalse();
            assertThat(client.queueLength()).isEqualTo(1);

            SyncReport report = client.sync();

            assertThat(report.outcome()).isEqualTo(SyncReport.OK);
            LocalEntity synced = client.get("notes", "n1").orElseThrow();
            assertThat(synced.pending()).isFalse();
            assertThat(synced.dirtyFields()).isEmpty();
            assertThat(synced.serverVersion()).isEqualTo(1);
            assertThat(client.queueLength()).isZero();
            assertThat(server.entity("notes", "n1").fields()).isEqualTo(fields("title", "Milk"));
        }

        @Test
        void aChainOfOfflineEditsIsPushedInOrderOnTheVersionTheDeviceLastSaw() {
            client.create("notes", "n1", fields("title", "a"));
            client.sync();
            Change first = client.update("notes", "n1", fields("title", "b"));
            Change second = client.update("notes", "n1", fields("body", "c"));

            assertThat(first.baseVersion()).isEqualTo(1L);
            assertThat(second.baseVersion()).isEqualTo(1L);
            assertThat(second.deviceSeq()).isGreaterThan(first.deviceSeq());
            client.sync();

            assertThat(server.entity("notes", "n1").fields()).isEqualTo(fields("title", "b", "body", "c"));
            assertThat(client.get("notes", "n1").orElseThrow().serverVersion()).isEqualTo(3);
        }

        @Test
        void anInvalidChangeIsRefusedAndNothingIsWritten() {
            assertThatThrownBy(() -> client.create("notes", "not/valid", fields("title", "x")))
                    .isInstanceOf(InvalidChangeException.class).hasMessageContaining("invalid-entity-id");
            assertThatThrownBy(() -> client.update("notes", "missing", fields("title", "x")))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(client.queueLength()).isZero();
            assertThat(store.logSize()).isZero();
            assertThat(client.get("notes", "not/valid")).isEmpty();
        }

        @Test
        void aDeletedEntityIsNoLongerListedAndCannotBeEdited() {
            client.create("notes", "n1", fields("title", "a"));
            client.delete("notes", "n1");

            assertThat(client.entities("notes")).isEmpty();
            assertThat(client.get("notes", "n1").orElseThrow().deleted()).isTrue();
            assertThatThrownBy(() -> client.update("notes", "n1", fields("title", "b")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Nested
    class Backoff {

        @Test
        void failedSyncsWaitWithinTheDoublingCeilingAndTheClientIsNotDueBefore() {
            client.create("notes", "n1", fields("title", "a"));
            server.online = false;

            for (int failure = 1; failure <= 12; failure++) {
                Instant before = clock.instant();
                SyncReport report = client.sync();

                assertThat(report.outcome()).isEqualTo(SyncReport.FAILED);
                long ceiling = Math.min(300_000L, 1000L << (failure - 1));
                assertThat(Duration.between(before, report.nextAttemptAt()).toMillis()).isBetween(0L, ceiling);
                assertThat(client.syncState().failures()).isEqualTo(failure);
                if (report.nextAttemptAt().isAfter(clock.instant())) {
                    assertThat(client.isDue()).isFalse();
                    assertThat(client.syncIfDue()).isEmpty();
                }
                clock.advance(Duration.between(clock.instant(), report.nextAttemptAt()));
                assertThat(client.isDue()).isTrue();
            }
            assertThat(client.queueLength()).as("nothing is lost while offline").isEqualTo(1);
        }

        @Test
        void whenTheNetworkComesBackTheClientSyncsAtOnceAndForgetsTheBackoff() {
            client.create("notes", "n1", fields("title", "a"));
            server.online = false;
            client.sync();
            client.sync();
            clock.advance(Duration.ofMillis(1));
            server.online = true;

            SyncReport report = client.networkAvailable();

            assertThat(report.outcome()).isEqualTo(SyncReport.OK);
            assertThat(client.syncState().failures()).isZero();
            assertThat(client.syncState().nextAttemptAt()).isNull();
            assertThat(client.isDue()).isTrue();
            assertThat(server.entity("notes", "n1")).isNotNull();
        }
    }

    @Nested
    class Push {

        @Test
        void changesArePushedInLogOrderSoADependencyGoesFirst() {
            Change parent = client.create("tasks", "p", fields("title", "list"));
            Change other = client.create("notes", "x", fields("title", "x"));
            Change child = client.create("tasks", "c", fields("title", "item"), List.of(parent.changeId()));

            client.sync();

            List<String> order = server.pushes.stream().flatMap(List::stream).toList();
            assertThat(order).containsExactly(parent.changeId(), other.changeId(), child.changeId());
            assertThat(server.pushes).as("in batches of 2").hasSize(2);
        }

        @Test
        void aChangeWhoseAnswerWasLostIsPushedAgainAndAppliedOnce() {
            Change change = client.create("notes", "n1", fields("title", "a"));
            server.responsesToLose = 1;

            assertThat(client.sync().outcome()).isEqualTo(SyncReport.FAILED);
            assertThat(client.queueLength()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(5));
            assertThat(client.sync().outcome()).isEqualTo(SyncReport.OK);

            assertThat(server.pushes).containsExactly(List.of(change.changeId()), List.of(change.changeId()));
            assertThat(server.timesApplied).containsEntry(change.changeId(), 1);
            OutboxChange logged = store.log().get(change.changeId());
            assertThat(logged.outcome()).as("the duplicate answer carries the first outcome")
                    .isEqualTo(ReceiptStatus.APPLIED);
            assertThat(logged.attempts()).isEqualTo(2);
            assertThat(client.get("notes", "n1").orElseThrow().serverVersion()).isEqualTo(1);
        }

        @Test
        void aChangeAcceptedButNotYetFinalIsNotPushedAgainAndItsReceiptComesWithThePull() {
            Change change = client.create("notes", "n1", fields("title", "a"));
            server.script(change.changeId(), c -> Receipt.pending(c.changeId(), c.collection(), c.entityId()));

            client.sync();
            assertThat(store.log().get(change.changeId()).state()).isEqualTo(OutboxChange.State.ACCEPTED);
            server.receiptFor("dev-a", Receipt.merged(change.changeId(), "notes", "n1", 2));
            client.sync();

            assertThat(server.pushes).hasSize(1);
            assertThat(store.log().get(change.changeId()).outcome()).isEqualTo(ReceiptStatus.MERGED);
            assertThat(client.queueLength()).isZero();
        }

        @Test
        void aBatchRefusedAsAWholeIsRetriedOneByOneAndOnlyTheBadChangeIsRejected() {
            Change good = client.create("notes", "a", fields("title", "a"));
            Change bad = client.create("notes", "b", fields("title", "b"));
            server.refused = change -> change.changeId().equals(bad.changeId());

            client.sync();

            assertThat(store.log().get(good.changeId()).outcome()).isEqualTo(ReceiptStatus.APPLIED);
            assertThat(store.log().get(bad.changeId()).outcome()).isEqualTo(ReceiptStatus.REJECTED);
            assertThat(store.log().get(bad.changeId()).code()).isEqualTo("invalid-field-name");
            assertThat(client.get("notes", "b").orElseThrow().deleted()).as("a refused create leaves no entity")
                    .isTrue();
            assertThat(events).contains(new SyncEvent.ChangeFinished(bad.changeId(), "notes", "b",
                    ReceiptStatus.REJECTED, "invalid-field-name"));
        }
    }

    @Nested
    class Pull {

        @Test
        void remoteStateIsMergedWithoutClobberingLocalUnsyncedFields() {
            client.create("notes", "n1", fields("title", "a", "body", "b"));
            client.sync();
            Change local = client.update("notes", "n1", fields("body", "mine"));
            server.script(local.changeId(), c -> Receipt.pending(c.changeId(), c.collection(), c.entityId()));
            server.writeByOther("notes", "n1", fields("title", "theirs"));

            client.sync();

            LocalEntity seen = client.get("notes", "n1").orElseThrow();
            assertThat(seen.fields()).isEqualTo(fields("title", "theirs", "body", "mine"));
            assertThat(seen.serverFields()).isEqualTo(fields("title", "theirs", "body", "b"));
            assertThat(seen.dirtyFields()).containsExactly("body");
            assertThat(seen.pending()).isTrue();
        }

        @Test
        void anEntityCreatedElsewhereArrivesWithThePull() {
            server.writeByOther("tasks", "t9", fields("title", "from elsewhere", "priority", 3));

            client.sync();

            assertThat(client.entities("tasks")).singleElement().satisfies(task -> {
                assertThat(task.fields()).isEqualTo(fields("title", "from elsewhere", "priority", 3));
                assertThat(task.pending()).isFalse();
            });
        }

        @Test
        void anExpiredCursorStartsAFullResync() {
            server.writeByOther("notes", "n1", fields("title", "one"));
            client.sync();
            assertThat(client.syncState().cursor()).isNotNull();
            server.cursorsExpired = true;
            server.writeByOther("notes", "n2", fields("title", "two"));

            SyncReport report = client.sync();

            assertThat(report.outcome()).isEqualTo(SyncReport.OK);
            assertThat(client.entities("notes")).extracting(LocalEntity::id).containsExactly("n1", "n2");
        }

        @Test
        void aFailedPullKeepsThePushAndReportsPartial() {
            client.create("notes", "n1", fields("title", "a"));
            server.cursorsExpired = false;
            SyncClient withBrokenPull = SyncClient.builder().store(store)
                    .transport(new BrokenPull(server.transportFor("dev-a"))).collections("notes").clock(clock).build();

            SyncReport report = withBrokenPull.sync();

            assertThat(report.outcome()).isEqualTo(SyncReport.PARTIAL);
            assertThat(report.pushed()).isEqualTo(1);
            assertThat(client.queueLength()).isZero();
        }
    }

    @Nested
    class Conflicts {

        @Test
        void aChangeThatBecameAConflictItemIsSurfacedAndItsResolutionClearsIt() {
            client.create("tasks", "t1", fields("assignee", "ann"));
            client.sync();
            Change mine = client.update("tasks", "t1", fields("assignee", "bob"));
            server.script(mine.changeId(), c -> Receipt.conflict(c.changeId(), c.collection(), c.entityId(), "item-1"));

            client.sync();

            assertThat(client.conflicts()).singleElement().satisfies(entity -> {
                assertThat(entity.id()).isEqualTo("t1");
                assertThat(entity.conflictId()).isEqualTo("item-1");
                assertThat(entity.fields()).as("the unapplied edit no longer shows").containsEntry("assignee",
                        TextNode.valueOf("ann"));
            });
            assertThat(events).anyMatch(e -> e instanceof SyncEvent.ConflictRaised raised
                    && raised.conflictId().equals("item-1"));

            server.writeByOther("tasks", "t1", fields("assignee", "bob"));
            server.receiptFor("dev-a", new Receipt("resolve-item-1", ReceiptStatus.APPLIED, null, "tasks", "t1", 3L,
                    "\"v3\"", "item-1", null));
            client.sync();

            assertThat(client.conflicts()).isEmpty();
            assertThat(client.get("tasks", "t1").orElseThrow().fields()).containsEntry("assignee",
                    TextNode.valueOf("bob"));
            assertThat(events).anyMatch(e -> e instanceof SyncEvent.ConflictResolved resolved
                    && resolved.conflictId().equals("item-1"));
        }

        @Test
        void aRejectedEditDisappearsFromTheLocalViewAndIsReported() {
            client.create("notes", "n1", fields("title", "a"));
            client.sync();
            Change mine = client.update("notes", "n1", fields("title", "b"));
            server.script(mine.changeId(), c -> Receipt.rejected(c.changeId(), c.collection(), c.entityId(),
                    "entity-deleted"));

            client.sync();

            assertThat(client.get("notes", "n1").orElseThrow().fields()).isEqualTo(fields("title", "a"));
            assertThat(events).contains(new SyncEvent.ChangeFinished(mine.changeId(), "notes", "n1",
                    ReceiptStatus.REJECTED, "entity-deleted"));
        }
    }

    @Nested
    class Telemetry {

        @Test
        void aSuccessfulSyncReportsItsCycleAndTheAttemptsOfFinishedChanges() {
            Change change = client.create("notes", "n1", fields("title", "a"));
            server.online = false;
            client.sync();
            server.online = true;
            client.networkAvailable();

            assertThat(server.telemetry).singleElement().satisfies(report -> {
                assertThat(report.queueLength()).isZero();
                assertThat(report.cycles()).extracting(c -> c.outcome()).containsExactly("failed", "ok");
                assertThat(report.attempts()).singleElement().satisfies(a -> {
                    assertThat(a.changeId()).isEqualTo(change.changeId());
                    assertThat(a.attempts()).isEqualTo(2);
                });
            });
        }
    }

    /** A transport whose pulls fail. */
    private record BrokenPull(io.syncmesh.client.transport.SyncTransport delegate)
            implements
                io.syncmesh.client.transport.SyncTransport {

        @Override
        public io.syncmesh.client.transport.PushResult push(List<Change> changes, Duration wait) {
            return delegate.push(changes, wait);
        }

        @Override
        public io.syncmesh.protocol.PullPage pull(List<String> collections, String cursor, int limit) {
            throw new io.syncmesh.client.transport.TransportException("pull failed", 503);
        }

        @Override
        public void telemetry(io.syncmesh.protocol.TelemetryReport report) {
            delegate.telemetry(report);
        }
    }
}
