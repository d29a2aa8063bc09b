package io.syncmesh.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.client.SyncClient;
import io.syncmesh.client.it.Devices.Device;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.devstack.PackagedMesh;
import io.syncmesh.protocol.SyncJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Convergence on the real mesh: 3 to 5 devices interleave offline edits of shared notes and tasks, network changes,
 * pushes and pulls at random; once all are online and synced, every device shows exactly what a device that only pulls
 * sees. Tries are few (each runs a scenario against the packaged mesh) and not shrunk; a failure prints its steps.
 */
class ConvergencePropertiesIT {

    /** One step of a scenario: a device does something to one of a few shared entities. */
    record Step(int device, Action action, int entity, int value) {
    }

    enum Action {
        EDIT, EDIT_AGAIN, TOGGLE_NETWORK, SYNC, DELETE
    }

    static PackagedMesh mesh;

    @BeforeContainer
    static void startMesh() {
        mesh = PackagedMesh.start(Path.of("target", "convergence-mesh"));
    }

    @AfterContainer
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Property(tries = 4, shrinking = ShrinkingMode.OFF)
    void devicesThatInterleaveOfflineEditsPushesAndPullsConverge(
            @ForAll @IntRange(min = 3, max = 5) int deviceCount, @ForAll("scenarios") List<Step> steps) {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < deviceCount; i++) {
            devices.add(Devices.device(mesh, tenant, "dev-" + i));
        }

        for (Step step : steps) {
            perform(devices.get(step.device() % deviceCount), step);
        }
        Devices.syncUntilSettled(devices);

        Device observer = Devices.device(mesh, tenant, "observer");
        observer.client().sync();
        var server = Devices.view(observer.client());
        for (Device device : devices) {
            assertThat(Devices.view(device.client())).as("%s after %s", device.name(), steps).isEqualTo(server);
        }
    }

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 4),
                Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, Arbitraries.just(Action.EDIT)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(Action.EDIT_AGAIN)),
                        net.jqwik.api.Tuple.of(2, Arbitraries.just(Action.TOGGLE_NETWORK)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(Action.SYNC)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Action.DELETE))),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(1, 9)).as(Step::new);
        return step.list().ofMinSize(15).ofMaxSize(30);
    }

    private static void perform(Device device, Step step) {
        SyncClient client = device.client();
        // Even entities are notes, odd ones tasks: two collections, each with its own policies.
        String collection = step.entity() % 2 == 0 ? "notes" : "tasks";
        String id = collection.charAt(0) + "-" + step.entity();
        LocalEntity local = client.get(collection, id).orElse(null);
        switch (step.action()) {
            case TOGGLE_NETWORK -> device.network().online(!device.network().online());
            case SYNC -> client.sync();
            case DELETE -> {
                if (local != null && !local.deleted()) {
                    client.delete(collection, id);
                }
            }
            case EDIT, EDIT_AGAIN -> {
                if (local == null) {
                    client.create(collection, id, initial(collection, step.value()));
                } else if (!local.deleted()) {
                    client.update(collection, id, patch(collection, local, step));
                }
            }
        }
    }

    private static Map<String, JsonNode> initial(String collection, int value) {
        return collection.equals("notes")
                ? Map.of("title", TextNode.valueOf("note " + value), "tags", SyncJson.mapper().createArrayNode())
                : Map.of("title", TextNode.valueOf("task " + value), "priority", IntNode.valueOf(value),
                        "minutesSpent", IntNode.valueOf(0));
    }

    /** A patch of one field, chosen by the step: lww, union and text fields of notes; max and counter of tasks. */
    private static Map<String, JsonNode> patch(String collection, LocalEntity local, Step step) {
        int value = step.value();
        if (collection.equals("notes")) {
            return switch (value % 3) {
                case 0 -> Map.of("title", TextNode.valueOf("title " + value + " by " + step.device()));
                case 1 -> Map.of("tags", SyncJson.mapper().createArrayNode().add("tag" + value));
                default -> Map.of("color", TextNode.valueOf(value % 2 == 0 ? "red" : "blue"));
            };
        }
        if (value % 2 == 0) {
            return Map.of("priority", IntNode.valueOf(value));
        }
        JsonNode spent = local.fields().get("minutesSpent");
        return Map.of("minutesSpent", IntNode.valueOf((spent == null ? 0 : spent.asInt()) + value));
    }
}
