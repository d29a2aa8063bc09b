package io.syncmesh.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.client.transport.BatchRefusedException;
import io.syncmesh.client.transport.PushResult;
import io.syncmesh.client.transport.ResyncRequiredException;
import io.syncmesh.client.transport.SyncTransport;
import io.syncmesh.client.transport.TransportException;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.Entity;
import io.syncmesh.protocol.Etags;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.TelemetryReport;
import io.syncmesh.protocol.Violation;

/**
 * A server in memory for the SDK's unit tests: it applies every change as sent (last arrival wins, no merging),
 * remembers outcomes by change id (a replay is answered {@code duplicate}), and serves pulls by a log position. Tests
 * script what the real mesh would do otherwise: a network that is down, answers that get lost, conflicts, rejections,
 * refused batches and expired cursors.
 */
final class FakeServer {

    private final Map<String, Entity> entities = new LinkedHashMap<>();
    private final List<String> log = new ArrayList<>();
    private final Map<String, Receipt> outcomes = new HashMap<>();
    private final Map<String, List<Receipt>> receiptsByDevice = new HashMap<>();
    private final Map<String, Function<Change, Receipt>> scripted = new HashMap<>();
    final List<List<String>> pushes = new ArrayList<>();
    final List<TelemetryReport> telemetry = new ArrayList<>();
    final Map<String, Integer> timesApplied = new HashMap<>();
    volatile boolean online = true;
    int responsesToLose;
    Predicate<Change> refused = change -> false;
    boolean cursorsExpired;

    /** The transport one device uses. */
    SyncTransport transportFor(String device) {
        return new SyncTransport() {

            @Override
            public PushResult push(List<Change> changes, Duration wait) {
                return FakeServer.this.push(device, changes);
            }

            @Override
            public PullPage pull(List<String> collections, String cursor, int limit) {
                return FakeServer.this.pull(device, collections, cursor, limit);
            }

            @Override
            public void telemetry(TelemetryReport report) {
                requireNetwork();
                telemetry.add(report);
            }
        };
    }

    /** The next push of this change id is answered by {@code answer} instead of being applied. */
    void script(String changeId, Function<Change, Receipt> answer) {
        scripted.put(changeId, answer);
    }

    /** Writes an entity as another device would, at the next version. */
    synchronized void writeByOther(String collection, String id, Map<String, JsonNode> fields) {
        Entity current = entities.get(collection + "/" + id);
        long version = current == null ? 1 : current.version() + 1;
        Map<String, JsonNode> merged = new LinkedHashMap<>(current == null ? Map.of() : current.fields());
        merged.putAll(fields);
        store(new Entity(collection, id, version, Etags.of(version), merged, false, Instant.EPOCH, "other"));
    }

    /** Gives a device a receipt it will see in its next pull (as for an operator's resolution). */
    synchronized void receiptFor(String device, Receipt receipt) {
        receiptsByDevice.computeIfAbsent(device, d -> new ArrayList<>()).add(receipt);
    }

    synchronized Entity entity(String collection, String id) {
        return entities.get(collection + "/" + id);
    }

    private synchronized PushResult push(String device, List<Change> changes) {
        requireNetwork();
        if (changes.stream().anyMatch(refused)) {
            throw new BatchRefusedException(400, List.of(new Violation("invalid-field-name", "refused by test")));
        }
        pushes.add(changes.stream().map(Change::changeId).toList());
        List<Receipt> receipts = new ArrayList<>();
        for (Change change : changes) {
            Receipt known = outcomes.get(change.changeId());
            if (known != null) {
                receipts.add(known.asDuplicate());
                continue;
            }
            Function<Change, Receipt> script = scripted.remove(change.changeId());
            Receipt receipt = script != null ? script.apply(change) : apply(device, change);
            if (receipt.status().isFinal()) {
                outcomes.put(change.changeId(), receipt);
                receiptsByDevice.computeIfAbsent(device, d -> new ArrayList<>()).add(receipt);
            }
            receipts.add(receipt);
        }
        if (responsesToLose > 0) {
            responsesToLose--;
            throw new TransportException("push answer lost", 0);
        }
        return new PushResult(receipts, List.of());
    }

    private Receipt apply(String device, Change change) {
        String key = change.collection() + "/" + change.entityId();
        Entity current = entities.get(key);
        long version = current == null ? 1 : current.version() + 1;
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        boolean deleted = false;
        switch (change.op()) {
            case CREATE -> fields.putAll(change.fieldsOrEmpty());
            case UPDATE -> {
                fields.putAll(current == null ? Map.of() : current.fields());
                fields.putAll(change.fieldsOrEmpty());
            }
            case DELETE -> deleted = true;
        }
        store(new Entity(change.collection(), change.entityId(), version, Etags.of(version), fields, deleted,
                Instant.EPOCH, device));
        timesApplied.merge(change.changeId(), 1, Integer::sum);
        return Receipt.applied(change.changeId(), change.collection(), change.entityId(), version);
    }

    private void store(Entity entity) {
        String key = entity.collection() + "/" + entity.id();
        entities.put(key, entity);
        log.add(key);
    }

    /** Cursor: "logPosition:receiptPosition" of this device. */
    private synchronized PullPage pull(String device, List<String> collections, String cursor, int limit) {
        requireNetwork();
        if (cursor != null && cursorsExpired) {
            throw new ResyncRequiredException();
        }
        int logFrom = cursor == null ? 0 : Integer.parseInt(cursor.split(":")[0]);
        int receiptsFrom = cursor == null ? 0 : Integer.parseInt(cursor.split(":")[1]);
        Map<String, Entity> changed = new LinkedHashMap<>();
        for (String key : log.subList(logFrom, log.size())) {
            Entity entity = entities.get(key);
            if (collections.contains(entity.collection())) {
                changed.put(key, entity);
            }
        }
        List<Receipt> receipts = receiptsByDevice.getOrDefault(device, List.of());
        return new PullPage(List.copyOf(changed.values()), List.copyOf(receipts.subList(receiptsFrom,
                receipts.size())), log.size() + ":" + receipts.size(), false);
    }

    private void requireNetwork() {
        if (!online) {
            throw new TransportException("no network", 0);
        }
    }
}
