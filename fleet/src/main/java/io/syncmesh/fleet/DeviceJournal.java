package io.syncmesh.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.Receipt;

/**
 * What one simulated device did and was told, which the {@link Checker} judges the mesh by: every change it wrote (with
 * the increment it meant, for counter fields) and every receipt it received, duplicates included.
 */
public final class DeviceJournal {

    /** A change the device wrote; {@code increment} is what it added to the shared counter (0 for other edits). */
    public record Written(Change change, long increment, long priority) {
    }

    private final String device;
    private final Map<String, Written> written = new LinkedHashMap<>();
    private final Map<String, List<Receipt>> receipts = new LinkedHashMap<>();

    public DeviceJournal(String device) {
        this.device = device;
    }

    public String device() {
        return device;
    }

    public synchronized void wrote(Change change, long increment, long priority) {
        written.put(change.changeId(), new Written(change, increment, priority));
    }

    public synchronized void received(Receipt receipt) {
        receipts.computeIfAbsent(receipt.changeId(), id -> new ArrayList<>()).add(receipt);
    }

    public synchronized List<Written> written() {
        return List.copyOf(written.values());
    }

    public synchronized List<Receipt> receiptsOf(String changeId) {
        return List.copyOf(receipts.getOrDefault(changeId, List.of()));
    }
}
