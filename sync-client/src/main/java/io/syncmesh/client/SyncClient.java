package io.syncmesh.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.client.api.SyncEvent;
import io.syncmesh.client.engine.Backoff;
import io.syncmesh.client.engine.LocalWriter;
import io.syncmesh.client.engine.Puller;
import io.syncmesh.client.engine.Pusher;
import io.syncmesh.client.engine.TelemetryReporter;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.LocalStore;
import io.syncmesh.client.local.SyncState;
import io.syncmesh.client.transport.SyncTransport;
import io.syncmesh.protocol.Change;

/**
 * The offline-first client: the app reads and writes local entities at any time, with or without a network; a sync
 * cycle pushes the change log and pulls what changed on the server. Failed cycles back off exponentially with full
 * jitter (1 s doubling to 5 minutes) until {@link #networkAvailable()} says the network is back.
 *
 * <p>
 * Thread-safe: writes may happen while a sync runs; one sync runs at a time.
 */
public final class SyncClient implements AutoCloseable {

    private final LocalStore store;
    private final Clock clock;
    private final LocalWriter writer;
    private final Pusher pusher;
    private final Puller puller;
    private final Backoff backoff;
    private final TelemetryReporter telemetry;
    private final List<SyncListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> writeHooks = new CopyOnWriteArrayList<>();

    private SyncClient(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "store");
        SyncTransport transport = Objects.requireNonNull(builder.transport, "transport");
        if (builder.collections.isEmpty()) {
            throw new IllegalArgumentException("name the collections this device syncs");
        }
        this.clock = builder.clock;
        this.writer = new LocalWriter(store, clock, builder.changeIds);
        this.telemetry = new TelemetryReporter(store, transport, builder.sendTelemetry);
        this.pusher = new Pusher(store, transport, builder.batchSize, builder.pushWait, telemetry.buffer());
        this.puller = new Puller(store, transport, builder.collections, builder.pageSize);
        this.backoff = new Backoff(builder.initialBackoff, builder.maxBackoff, builder.random);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ local writes

    /** Creates an entity with the id the app chose; returns the change written to the log. */
    public Change create(String collection, String id, Map<String, JsonNode> fields) {
        return create(collection, id, fields, List.of());
    }

    /** Creates an entity that must not be applied on the server before the changes {@code dependsOn}. */
    public Change create(String collection, String id, Map<String, JsonNode> fields, List<String> dependsOn) {
        return written(writer.create(collection, id, fields, dependsOn));
    }

    /** Changes some fields of an entity. */
    public Change update(String collection, String id, Map<String, JsonNode> patch) {
        return written(writer.update(collection, id, patch, List.of()));
    }

    /** Deletes an entity. */
    public Change delete(String collection, String id) {
        return written(writer.delete(collection, id, List.of()));
    }

    // ------------------------------------------------------------------------------------------------ local reads

    /** The entity as the app sees it (a deleted one is returned with {@code deleted} set). */
    public Optional<LocalEntity> get(String collection, String id) {
        return store.inTransaction(tx -> tx.entity(collection, id));
    }

    /** The collection's entities that are not deleted, by id. */
    public List<LocalEntity> entities(String collection) {
        return store.inTransaction(tx -> tx.entities(collection)).stream().filter(e -> !e.deleted()).toList();
    }

    /** Entities whose change became a conflict item a person must decide. */
    public List<LocalEntity> conflicts() {
        return store.inTransaction(tx -> tx.conflicted());
    }

    /** The app has shown the conflict and lets it go (e.g. the operator dismissed the item). */
    public void acknowledgeConflict(String collection, String id) {
        store.inTransaction(tx -> {
            tx.entity(collection, id).ifPresent(entity -> tx.putEntity(entity.withConflict(null)));
            return null;
        });
    }

    /** Changes not final yet (the outbox). */
    public int queueLength() {
        return store.inTransaction(tx -> tx.unfinished().size());
    }

    public SyncState syncState() {
        return store.inTransaction(tx -> tx.syncState());
    }

    // ------------------------------------------------------------------------------------------------ syncing

    public void addListener(SyncListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /** Runs {@code hook} after every local write (a scheduler uses it to sync soon). */
    public void onWrite(Runnable hook) {
        writeHooks.add(Objects.requireNonNull(hook));
    }

    /** Whether the backoff allows a sync now. */
    public boolean isDue() {
        Instant next = syncState().nextAttemptAt();
        return next == null || !clock.instant().isBefore(next);
    }

    /** Syncs only if the backoff allows it now; otherwise reports nothing done. */
    public Optional<SyncReport> syncIfDue() {
        return isDue() ? Optional.of(sync()) : Optional.empty();
    }

    /** The network came back: forget the backoff and sync at once. */
    public SyncReport networkAvailable() {
        store.inTransaction(tx -> tx.updateSyncState(SyncState::backoffReset));
        return sync();
    }

    /**
     * One sync cycle now, whatever the backoff says: push the change log, then pull. A failed push schedules the next
     * attempt by the backoff; a successful one resets it.
     */
    public synchronized SyncReport sync() {
        Instant started = clock.instant();
        List<SyncEvent> events = new ArrayList<>();
        Pusher.Result pushed = pusher.pushAll();
        events.addAll(pushed.events());
        SyncReport report;
        if (pushed.failed()) {
            Instant retryAt = store.inTransaction(tx -> tx.updateSyncState(
                    state -> state.failed(clock.instant().plus(backoff.delayAfter(state.failures() + 1)))))
                    .nextAttemptAt();
            report = new SyncReport(SyncReport.FAILED, pushed.pushed(), 0, 0, queueLength(), retryAt,
                    pushed.failure());
        } else {
            report = pullAfter(pushed, events);
        }
        telemetry.cycleEnded(started, Duration.between(started, clock.instant()), report.outcome());
        telemetry.sendIfAny(report.succeeded());
        events.forEach(event -> listeners.forEach(listener -> listener.onEvent(event)));
        return report;
    }

    private SyncReport pullAfter(Pusher.Result pushed, List<SyncEvent> events) {
        try {
            Puller.Result pulled = puller.pullAll();
            events.addAll(pulled.events());
            store.inTransaction(tx -> tx.updateSyncState(state -> state.succeeded(clock.instant())));
            return new SyncReport(SyncReport.OK, pushed.pushed(), pulled.entities(), pulled.receipts(),
                    queueLength(), null, null);
        } catch (RuntimeException failure) {
            // The push went through: only the pull is to be tried again, at the next cycle.
            return new SyncReport(SyncReport.PARTIAL, pushed.pushed(), 0, 0, queueLength(), null, failure);
        }
    }

    private Change written(Change change) {
        writeHooks.forEach(Runnable::run);
        return change;
    }

    @Override
    public void close() {
        store.close();
    }

    /** Settings of a client; everything but the store, the transport and the collections has a default. */
    public static final class Builder {

        private LocalStore store;
        private SyncTransport transport;
        private List<String> collections = List.of();
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new java.util.Random();
        private Supplier<String> changeIds = () -> UUID.randomUUID().toString();
        private int batchSize = 50;
        private int pageSize = 200;
        private Duration pushWait = Duration.ofSeconds(5);
        private Duration initialBackoff = Backoff.DEFAULT_INITIAL;
        private Duration maxBackoff = Backoff.DEFAULT_CAP;
        private boolean sendTelemetry = true;

        public Builder store(LocalStore value) {
            store = value;
            return this;
        }

        public Builder transport(SyncTransport value) {
            transport = value;
            return this;
        }

        /** The collections this device pulls. */
        public Builder collections(String... names) {
            collections = List.of(names);
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value);
            return this;
        }

        /** The randomness of the backoff's jitter (seeded in tests and simulations). */
        public Builder random(RandomGenerator value) {
            random = Objects.requireNonNull(value);
            return this;
        }

        /** How change ids are made (default: random UUIDs). */
        public Builder changeIds(Supplier<String> value) {
            changeIds = Objects.requireNonNull(value);
            return this;
        }

        /** Changes per push (default 50, at most 500). */
        public Builder batchSize(int value) {
            batchSize = value;
            return this;
        }

        /** Entities per pull page (default 200). */
        public Builder pageSize(int value) {
            pageSize = value;
            return this;
        }

        /** How long a push waits for final receipts (default 5 s, at most 30 s; 0: do not wait). */
        public Builder pushWait(Duration value) {
            pushWait = Objects.requireNonNull(value);
            return this;
        }

        public Builder backoff(Duration initial, Duration max) {
            initialBackoff = Objects.requireNonNull(initial);
            maxBackoff = Objects.requireNonNull(max);
            return this;
        }

        /** Whether sync cycles report telemetry to the server (default true). */
        public Builder sendTelemetry(boolean value) {
            sendTelemetry = value;
            return this;
        }

        public SyncClient build() {
            return new SyncClient(this);
        }
    }
}
