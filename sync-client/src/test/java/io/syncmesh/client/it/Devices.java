package io.syncmesh.client.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.client.SyncClient;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.LocalStore;
import io.syncmesh.client.local.MemoryStore;
import io.syncmesh.client.transport.HttpSyncTransport;
import io.syncmesh.client.transport.SwitchableTransport;
import io.syncmesh.devstack.PackagedMesh;

/** Devices on a packaged mesh, and the convergence check every end-to-end test of the SDK ends with. */
final class Devices {

    static final List<String> COLLECTIONS = List.of("notes", "tasks");

    record Device(String name, SyncClient client, SwitchableTransport network) {
    }

    private Devices() {
    }

    static Device device(PackagedMesh mesh, String tenant, String name, LocalStore store, long seed) {
        String token = mesh.deviceToken(tenant, name);
        SwitchableTransport network = new SwitchableTransport(new HttpSyncTransport(mesh.gatewayUri(), () -> token));
        SyncClient client = SyncClient.builder().store(store).transport(network)
                .collections(COLLECTIONS.toArray(String[]::new)).random(new Random(seed)).build();
        return new Device(name, client, network);
    }

    static Device device(PackagedMesh mesh, String tenant, String name) {
        return device(mesh, tenant, name, new MemoryStore(), name.hashCode());
    }

    /**
     * Brings every device online and syncs them until no change of any device waits for its outcome, then once more so
     * that every device has pulled the final state.
     */
    static void syncUntilSettled(List<Device> devices) {
        devices.forEach(device -> device.network().online(true));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            devices.forEach(device -> device.client().sync());
            return devices.stream().allMatch(device -> device.client().queueLength() == 0);
        });
        devices.forEach(device -> device.client().sync());
    }

    /** What a device shows of the collections: id to fields of every entity that is not deleted. */
    static Map<String, Map<String, Map<String, JsonNode>>> view(SyncClient client) {
        Map<String, Map<String, Map<String, JsonNode>>> view = new TreeMap<>();
        for (String collection : COLLECTIONS) {
            Map<String, Map<String, JsonNode>> entities = new TreeMap<>();
            for (LocalEntity entity : client.entities(collection)) {
                entities.put(entity.id(), entity.fields());
            }
            view.put(collection, entities);
        }
        return view;
    }
}
