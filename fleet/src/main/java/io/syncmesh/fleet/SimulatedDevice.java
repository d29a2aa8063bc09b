package io.syncmesh.fleet;

import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.client.SyncClient;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.MemoryStore;
import io.syncmesh.client.transport.SwitchableTransport;
import io.syncmesh.protocol.Change;

/**
 * One device of the fleet: an app on the SDK that edits its own notes and the tasks all devices share, loses and
 * regains the network, and syncs when its backoff allows. Its choices come from its own seeded random, so a seed
 * replays the same intentions (the interleaving with other devices depends on timing).
 */
public final class SimulatedDevice {

    /** The shared tasks' collection; counters add up and priorities take the maximum (config/collections.yaml). */
    static final String SHARED = "tasks";
    static final String OWN = "notes";
    /** Share of push answers the network loses, and of pushes it delivers again later. */
    static final double LOST_ANSWERS = 0.05;
    static final double LATE_REPLAYS = 0.05;

    private final String name;
    private final SyncClient client;
    private final SwitchableTransport network;
    private final ChaosTransport chaos;
    private final DeviceJournal journal;
    private final Random random;
    private final FleetSettings settings;
    private int edits;

    SimulatedDevice(String name, DeviceConnector connector, FleetSettings settings, long seed) {
        this.name = name;
        this.settings = settings;
        this.random = new Random(seed);
        this.journal = new DeviceJournal(name);
        // The journal records what the mesh answered, including to late replays and answers the device never got.
        this.chaos = new ChaosTransport(new RecordingTransport(connector.transportFor(name), journal),
                new Random(seed + 2), LOST_ANSWERS, LATE_REPLAYS);
        this.network = new SwitchableTransport(chaos);
        this.client = SyncClient.builder().store(new MemoryStore()).transport(network)
                .collections(OWN, SHARED).random(new Random(seed + 1)).pushWait(java.time.Duration.ofSeconds(2))
                .build();
    }

    static String sharedId(int index) {
        return "shared-" + index;
    }

    public String name() {
        return name;
    }

    public SyncClient client() {
        return client;
    }

    public DeviceJournal journal() {
        return journal;
    }

    public boolean online() {
        return network.online();
    }

    ChaosTransport chaos() {
        return chaos;
    }

    /** One step of the app's life: maybe the network changes, maybe the user edits, maybe it syncs. */
    synchronized void act() {
        if (random.nextDouble() < 0.2) {
            boolean wasOnline = network.online();
            network.online(random.nextDouble() >= settings.offlineRatio());
            if (!wasOnline && network.online()) {
                client.networkAvailable();
                return;
            }
        }
        if (random.nextDouble() < 0.7) {
            edit();
        }
        if (random.nextDouble() < 0.5) {
            client.syncIfDue();
        }
    }

    /** Creates the shared tasks (one device does this before the run). */
    void createShared(int count) {
        for (int i = 0; i < count; i++) {
            Map<String, JsonNode> fields = Map.of("title", TextNode.valueOf("shared task " + i), "minutesSpent",
                    LongNode.valueOf(0), "priority", LongNode.valueOf(0));
            journal.wrote(client.create(SHARED, sharedId(i), fields), 0, 0);
        }
    }

    /** Online, syncing until nothing of this device waits for an outcome. */
    synchronized boolean settleOnce() {
        if (!network.online()) {
            network.online(true);
            client.networkAvailable();
        } else {
            client.sync();
        }
        return client.queueLength() == 0;
    }

    private void edit() {
        edits++;
        if (random.nextDouble() < settings.conflictRatio()) {
            editShared(sharedId(random.nextInt(settings.sharedEntities())));
            return;
        }
        String id = name + "-n" + random.nextInt(3);
        LocalEntity note = client.get(OWN, id).orElse(null);
        if (note == null) {
            journal.wrote(client.create(OWN, id, Map.of("title", TextNode.valueOf("note " + edits))), 0, 0);
        } else if (!note.deleted()) {
            journal.wrote(client.update(OWN, id, Map.of("title", TextNode.valueOf("edit " + edits))), 0, 0);
        }
    }

    /**
     * Adds to a shared task's counter and raises its priority. Like a careful app, it waits until its previous edit of
     * the task has an outcome: chained offline edits of one counter would be counted from the same base twice.
     */
    private void editShared(String id) {
        LocalEntity task = client.get(SHARED, id).orElse(null);
        if (task == null || task.deleted() || task.pending()) {
            return;
        }
        long increment = 1 + random.nextInt(5);
        long spent = task.fields().getOrDefault("minutesSpent", LongNode.valueOf(0)).asLong() + increment;
        long priority = task.fields().getOrDefault("priority", LongNode.valueOf(0)).asLong() + random.nextInt(3);
        Change change = client.update(SHARED, id, Map.of("minutesSpent", LongNode.valueOf(spent), "priority",
                LongNode.valueOf(priority)));
        journal.wrote(change, increment, priority);
    }
}
