package io.syncmesh.conflict.merge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.CollectionSpec;
import io.syncmesh.protocol.registry.FieldPolicy;
import io.syncmesh.protocol.registry.OnDelete;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators and helpers shared by the merge properties: small field maps, specs, inputs, shuffled copies. */
final class MergeArbitraries {

    static final List<String> NAMES = List.of("a", "b", "c", "d", "e");
    static final Duration SKEW = Duration.ofDays(7);
    static final Instant NOW = Instant.parse("2025-03-14T10:00:00Z");
    static final ThreeWayMerge ENGINE = new ThreeWayMerge(SKEW, 5);

    private MergeArbitraries() {
    }

    static Arbitrary<JsonNode> values() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-3, 3).map(i -> (JsonNode) IntNode.valueOf(i)),
                Arbitraries.of("x", "y", "x\ny\n", "x\nz\n", "2025-03-14T09:00:00Z", "2025-03-14T11:00:00+02:00")
                        .map(s -> (JsonNode) TextNode.valueOf(s)),
                Arbitraries.integers().between(0, 3).list().ofMaxSize(3).map(MergeArbitraries::array));
    }

    static Arbitrary<Map<String, JsonNode>> fieldMaps() {
        return Arbitraries.maps(Arbitraries.of(NAMES), values()).ofMaxSize(4);
    }

    static Arbitrary<CollectionSpec> specs() {
        return Combinators.combine(Arbitraries.frequency(Tuple.of(1, true), Tuple.of(4, false)),
                Arbitraries.of(OnDelete.class), Arbitraries.of(FieldPolicy.class),
                Arbitraries.maps(Arbitraries.of(NAMES), Arbitraries.of(FieldPolicy.class)).ofMaxSize(5))
                .as((critical, onDelete, policy, fields) -> new CollectionSpec("notes", critical, onDelete, policy,
                        fields));
    }

    static Arbitrary<Map<String, FieldMeta>> metas() {
        Arbitrary<FieldMeta> meta = Combinators.combine(Arbitraries.of("dev-a", "dev-b", "dev-c"),
                Arbitraries.integers().between(-3, 3))
                .as((device, hours) -> new FieldMeta(2, device, 1, NOW.plus(Duration.ofHours(hours))));
        return Arbitraries.maps(Arbitraries.of(NAMES), meta).ofMaxSize(5);
    }

    /** Any input the engine may see: every op, with and without base, alive or deleted remote, any attempt. */
    static Arbitrary<MergeInput> inputs() {
        Arbitrary<EntitySnapshot> remote = Combinators.combine(fieldMaps(), metas(),
                Arbitraries.frequency(Tuple.of(1, true), Tuple.of(5, false)), Arbitraries.integers().between(-2, 2))
                .as((fields, meta, deleted, hours) -> new EntitySnapshot(4, fields, meta, deleted,
                        NOW.plus(Duration.ofHours(hours)), "dev-c"));
        Arbitrary<EntitySnapshot> base = fieldMaps()
                .map(fields -> new EntitySnapshot(1, fields, Map.of(), false, NOW.minusSeconds(3600), "dev-a"))
                .injectNull(0.2);
        Arbitrary<Instant> clientTime = Arbitraries.integers().between(-10, 2)
                .map(days -> NOW.plus(Duration.ofDays(days))).injectNull(0.1);
        return Combinators.combine(Arbitraries.of(Op.class), fieldMaps(), clientTime,
                Arbitraries.of("dev-a", "dev-b", "dev-c"), Arbitraries.integers().between(0, 6), base, remote)
                .as((op, patch, time, device, attempt, b, r) -> new MergeInput(
                        new Change("chg-1", "notes", "ent-1", op, op == Op.CREATE ? null : 1L,
                                op == Op.DELETE ? null : patch, time, 9L, List.of("chg-0")),
                        device, NOW, attempt, op == Op.CREATE ? null : b, r));
    }

    /** The clamped write time, as the sync-service records it in the field metadata. */
    static Instant effective(Instant clientTime, Instant receivedAt) {
        if (clientTime.isAfter(receivedAt)) {
            return receivedAt;
        }
        Instant earliest = receivedAt.minus(SKEW);
        return clientTime.isBefore(earliest) ? earliest : clientTime;
    }

    static JsonNode array(List<Integer> elements) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        elements.forEach(array::add);
        return array;
    }

    static Change update(Map<String, JsonNode> patch, Instant clientTime) {
        return new Change("chg-1", "notes", "ent-1", Op.UPDATE, 1L, patch, clientTime, 9L, List.of());
    }

    static MergeInput input(Change change, String device, EntitySnapshot base, EntitySnapshot remote) {
        return input(change, device, NOW, base, remote);
    }

    static MergeInput input(Change change, String device, Instant receivedAt, EntitySnapshot base,
            EntitySnapshot remote) {
        return new MergeInput(change, device, receivedAt, 0, base, remote);
    }

    static Map<String, JsonNode> overlay(Map<String, JsonNode> fields, Map<String, JsonNode> patch) {
        Map<String, JsonNode> result = new TreeMap<>(fields == null ? Map.of() : fields);
        result.putAll(patch);
        return result;
    }

    // ---------------------------------------------------------------- shuffling

    /** The same input with every map rebuilt in a random insertion order. */
    static MergeInput shuffled(MergeInput input, Random random) {
        Change c = input.change();
        Change change = new Change(c.changeId(), c.collection(), c.entityId(), c.op(), c.baseVersion(),
                shuffled(c.fields(), random), c.clientTime(), c.deviceSeq(), c.dependsOn());
        return new MergeInput(change, input.device(), input.receivedAt(), input.attempt(),
                shuffled(input.base(), random), shuffled(input.remote(), random));
    }

    private static EntitySnapshot shuffled(EntitySnapshot snapshot, Random random) {
        return snapshot == null
                ? null
                : new EntitySnapshot(snapshot.version(), shuffled(snapshot.fields(), random),
                        shuffled(snapshot.fieldMeta(), random), snapshot.deleted(), snapshot.updatedAt(),
                        snapshot.updatedBy());
    }

    private static <V> Map<String, V> shuffled(Map<String, V> map, Random random) {
        if (map == null) {
            return null;
        }
        List<String> keys = new ArrayList<>(map.keySet());
        Collections.shuffle(keys, random);
        Map<String, V> result = new LinkedHashMap<>();
        keys.forEach(key -> result.put(key, map.get(key)));
        return result;
    }
}
