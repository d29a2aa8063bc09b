package io.syncmesh.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.client.SyncClient;
import io.syncmesh.client.local.MemoryStore;

/**
 * Tells when the whole mesh works again after a fault: two probe devices make a concurrent edit of one note (one writes
 * its title, the other its colour, both on version 1), so the second change must go through the conflict path and come
 * back merged. Recovered means: created, applied, detoured, merged, and every outcome back on the devices.
 */
final class RecoveryProbe {

    private final SyncClient first;
    private final SyncClient second;
    private int rounds;

    RecoveryProbe(DeviceConnector connector) {
        this.first = client(connector, "probe-a");
        this.second = client(connector, "probe-b");
    }

    private static SyncClient client(DeviceConnector connector, String name) {
        return SyncClient.builder().store(new MemoryStore()).transport(connector.transportFor(name))
                .collections(SimulatedDevice.OWN).backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .pushWait(Duration.ofSeconds(2)).sendTelemetry(false).build();
    }

    /** Runs one probe round; false when it did not complete before the deadline. */
    boolean roundTrip(Instant deadline) {
        String id = "probe-" + rounds++;
        first.create(SimulatedDevice.OWN, id, Map.of("title", TextNode.valueOf(id)));
        if (!until(deadline, () -> synced(first, id))
                || !until(deadline, () -> {
                    second.sync();
                    return second.get(SimulatedDevice.OWN, id).isPresent();
                })) {
            return false;
        }
        first.update(SimulatedDevice.OWN, id, Map.of("title", TextNode.valueOf(id + " by a")));
        second.update(SimulatedDevice.OWN, id, Map.of("color", TextNode.valueOf("blue")));
        return until(deadline, () -> synced(first, id)) && until(deadline, () -> synced(second, id));
    }

    private static boolean synced(SyncClient client, String id) {
        client.sync();
        return client.get(SimulatedDevice.OWN, id).map(entity -> !entity.pending()).orElse(false);
    }

    /** Repeats {@code step} (each a network round trip) until it holds or the deadline passes. */
    private static boolean until(Instant deadline, BooleanSupplier step) {
        while (Instant.now().isBefore(deadline)) {
            if (step.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }
}
