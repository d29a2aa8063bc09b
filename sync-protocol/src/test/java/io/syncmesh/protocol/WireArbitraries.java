package io.syncmesh.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of well-formed wire values, straight from the alphabets and bounds of DESIGN.md section 3. */
final class WireArbitraries {

    private WireArbitraries() {
    }

    /** {@code [a-z][a-z0-9_]{0,62}}. */
    static Arbitrary<String> collections() {
        Arbitrary<Character> first = Arbitraries.chars().range('a', 'z');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('_')
                .ofMinLength(0).ofMaxLength(62);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    /** {@code [A-Za-z0-9_-]{min,max}}. */
    static Arbitrary<String> idAlphabet(int minLength, int maxLength) {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('_', '-').ofMinLength(minLength).ofMaxLength(maxLength);
    }

    /** Entity ids and change ids: {@code [A-Za-z0-9_-]{1,64}}. */
    static Arbitrary<String> ids() {
        return idAlphabet(1, 64);
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]{0,63}}. */
    static Arbitrary<String> fieldNames() {
        Arbitrary<Character> first = Arbitraries.chars().range('A', 'Z').range('a', 'z').with('_');
        Arbitrary<String> rest = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z')
                .withCharRange('0', '9').withChars('_').ofMinLength(0).ofMaxLength(63);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    /** Tenants and devices: {@code [A-Za-z0-9_.:@-]{1,128}}. */
    static Arbitrary<String> principals() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('_', '.', ':', '@', '-').ofMinLength(1).ofMaxLength(128);
    }

    static Arbitrary<Instant> instants() {
        return Combinators.combine(Arbitraries.longs().between(0L, 4_102_444_800L),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }

    /**
     * Any text PostgreSQL can store: every character but U+0000, surrogates only in pairs. The oracle is the JDK's
     * UTF-8 coder, which replaces an unpaired surrogate, not the validator's own check.
     */
    static Arbitrary<String> storableTexts() {
        return Arbitraries.strings().ofMaxLength(40).excludeChars('\u0000')
                .filter(text -> new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text));
    }

    /** Field values as JSON carries them: text, whole numbers, booleans, null, and one level of nesting. */
    static Arbitrary<JsonNode> fieldValues() {
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                storableTexts().map(TextNode::valueOf),
                Arbitraries.integers().map(IntNode::valueOf),
                Arbitraries.of(true, false).map(BooleanNode::valueOf),
                Arbitraries.just(NullNode.getInstance()));
        Arbitrary<JsonNode> array = scalar.list().ofMaxSize(4).map(values -> {
            var node = JsonNodeFactory.instance.arrayNode();
            values.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(fieldNames(), scalar).ofMaxSize(4).map(values -> {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            values.forEach(node::set);
            return node;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalar),
                net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(1, object));
    }

    static Arbitrary<Map<String, JsonNode>> patches() {
        return Arbitraries.maps(fieldNames(), fieldValues()).ofMinSize(1).ofMaxSize(8);
    }

    /** Op, base version and fields as the op rules demand them. */
    private record Shape(Op op, Long baseVersion, Map<String, JsonNode> fields) {
    }

    private static Arbitrary<Shape> shapes() {
        Arbitrary<Long> versions = Arbitraries.longs().between(1L, Long.MAX_VALUE);
        return Arbitraries.of(Op.class).flatMap(op -> switch (op) {
            case CREATE -> patches().map(fields -> new Shape(op, null, fields));
            case UPDATE -> Combinators.combine(versions, patches()).as((v, fields) -> new Shape(op, v, fields));
            case DELETE -> versions.map(v -> new Shape(op, v, null));
        });
    }

    /** Changes that break no rule of the wire protocol. */
    static Arbitrary<Change> validChanges() {
        Arbitrary<List<String>> dependencies = ids().list().ofMaxSize(Limits.MAX_DEPENDENCIES);
        Arbitrary<Long> deviceSeqs = Arbitraries.longs().between(0L, Long.MAX_VALUE).injectNull(0.1);
        return Combinators.combine(ids(), collections(), ids(), shapes(), instants().injectNull(0.1), deviceSeqs,
                dependencies)
                .as((changeId, collection, entityId, shape, clientTime, deviceSeq, dependsOn) -> new Change(changeId,
                        collection, entityId, shape.op(), shape.baseVersion(), shape.fields(), clientTime, deviceSeq,
                        dependsOn))
                .filter(change -> !change.dependsOn().contains(change.changeId()));
    }
}
