package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.syncmesh.protocol.ReceiptCodes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * What the gateway accepts can be stored: generated field values (any text, with U+0000 and unpaired surrogates among
 * them as JSON escapes, numbers at the edges of what the gateway takes, nested arrays and objects with any keys) are
 * pushed through the gateway to the real sync-service and PostgreSQL. A value is either refused at the gateway with
 * unstorable-value, exactly when one of its texts cannot be stored, or applied and read back unchanged: nothing the
 * gateway accepted is dead-lettered (a dead-lettered change ends rejected/unprocessable, never applied).
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true)
class StorableInputTest {

    private static final int VALUES = 400;
    private static final int PER_PUSH = 100;
    /** Every non-ASCII character as a \\u escape, so that an unpaired surrogate reaches the gateway as one. */
    private static final ObjectMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
    /** The values applied, by entity id, to be read back once all are in. */
    private final Map<String, JsonNode> applied = new LinkedHashMap<>();

    @Test
    void everyAcceptedValueIsAppliedAndReadBackAndOnlyUnstorableTextIsRefused() throws Exception {
        List<JsonNode> values = values().sampleStream().limit(VALUES).toList();
        Tally tally = new Tally();
        for (int from = 0; from < values.size(); from += PER_PUSH) {
            Map<String, JsonNode> byChange = new LinkedHashMap<>();
            for (JsonNode value : values.subList(from, Math.min(values.size(), from + PER_PUSH))) {
                byChange.put(UUID.randomUUID().toString(), value);
            }
            Response answer = push(byChange);
            if (answer.statusCode() == 400) {
                // A text the JSON parser itself refuses (an unpaired surrogate in a key) fails the whole body: each
                // value alone then tells which one it was. A push whose only change is refused is a 400 too.
                for (Map.Entry<String, JsonNode> single : byChange.entrySet()) {
                    Map<String, JsonNode> alone = Map.of(single.getKey(), single.getValue());
                    Response aloneAnswer = push(alone);
                    if (aloneAnswer.statusCode() == 400) {
                        assertThat(isStorable(single.getValue())).as(escaped(single.getValue())).isFalse();
                        // Refused by the parser (a key), or as the push's only change, with its code.
                        assertThat(aloneAnswer.jsonPath().getString("detail").contains("surrogate")
                                || aloneAnswer.jsonPath().getList("errors.code")
                                        .contains(ReceiptCodes.UNSTORABLE_VALUE))
                                .as(aloneAnswer.asString()).isTrue();
                        tally.refused++;
                    } else {
                        check(alone, aloneAnswer, tally);
                    }
                }
            } else {
                check(byChange, answer, tally);
            }
        }
        assertThat(tally.accepted).as("values applied").isGreaterThan(VALUES / 4);
        Map<String, JsonNode> stored = pulledBodies();
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(applied.keySet());
        applied.forEach((entityId, sent) -> assertThat(sameValue(stored.get(entityId), sent))
                .as("read back %s as %s", escaped(sent), escaped(stored.get(entityId))).isTrue());
        assertThat(tally.refused).as("values refused as unstorable").isGreaterThan(0);
    }

    /** Counts of the values applied and refused. */
    private static final class Tally {

        int accepted;
        int refused;
    }

    /**
     * Each push from a device of its own: the per-device rate limit is not under test, and the fallback pushes many.
     */
    private Response push(Map<String, JsonNode> byChange) throws Exception {
        return GatewayFlowTest.as(tenant, "fuzzer-" + UUID.randomUUID().toString().substring(0, 8))
                .contentType("application/json").header("Prefer", "wait=20").body(pushOf(byChange))
                .post("/v1/sync/push");
    }

    /** Every accepted value was applied and reads back unchanged; every refused one holds unstorable text. */
    private void check(Map<String, JsonNode> byChange, Response answer, Tally tally) throws Exception {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        Map<String, String> rejected = new LinkedHashMap<>();
        answer.jsonPath().getList("rejected", Map.class)
                .forEach(r -> rejected.put((String) r.get("changeId"), (String) r.get("code")));
        List<Map<String, Object>> receipts = answer.jsonPath().getList("receipts");
        for (Map<String, Object> receipt : receipts) {
            JsonNode sent = byChange.get((String) receipt.get("changeId"));
            assertThat(receipt.get("status")).as("receipt of an accepted value %s", escaped(sent))
                    .isEqualTo("applied");
            applied.put((String) receipt.get("entityId"), sent);
            assertThat(isStorable(sent)).as(escaped(sent)).isTrue();
            tally.accepted++;
        }
        for (Map.Entry<String, String> rejection : rejected.entrySet()) {
            JsonNode value = byChange.get(rejection.getKey());
            assertThat(rejection.getValue()).as(escaped(value)).isEqualTo(ReceiptCodes.UNSTORABLE_VALUE);
            assertThat(isStorable(value)).as(escaped(value)).isFalse();
            tally.refused++;
        }
        assertThat(receipts.size() + rejected.size()).isEqualTo(byChange.size());
    }

    private String pushOf(Map<String, JsonNode> byChange) throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode changes = body.putArray("changes");
        byChange.forEach((changeId, value) -> {
            ObjectNode change = changes.addObject();
            change.put("changeId", changeId).put("collection", "notes").put("entityId", changeId)
                    .put("op", "create").put("deviceSeq", 1);
            change.putObject("fields").set("body", value);
        });
        return ESCAPING.writeValueAsString(body);
    }

    /** Every entity of the tenant with its stored value, as another device pulls them (a snapshot, page by page). */
    private Map<String, JsonNode> pulledBodies() throws Exception {
        Map<String, JsonNode> bodies = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        String cursor = null;
        boolean more = true;
        while (more) {
            var request = GatewayFlowTest.as(tenant, "reader").queryParam("collections", "notes")
                    .queryParam("limit", 1000);
            Response page = (cursor == null ? request : request.queryParam("cursor", cursor)).get("/v1/sync/pull");
            assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
            JsonNode body = json.readTree(page.asByteArray());
            body.path("entities").forEach(entity -> bodies.put(entity.path("id").asText(),
                    entity.path("fields").path("body")));
            cursor = body.path("cursor").asText();
            more = body.path("hasMore").asBoolean();
        }
        return bodies;
    }

    /** Equal as JSON values: numbers by value (PostgreSQL writes 1.0E2 as 100), objects regardless of key order. */
    private static boolean sameValue(JsonNode stored, JsonNode sent) {
        if (sent.isNumber()) {
            return stored.isNumber() && new BigDecimal(stored.asText()).compareTo(new BigDecimal(sent.asText())) == 0;
        }
        if (sent.isArray()) {
            if (!stored.isArray() || stored.size() != sent.size()) {
                return false;
            }
            for (int i = 0; i < sent.size(); i++) {
                if (!sameValue(stored.get(i), sent.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (sent.isObject()) {
            if (!stored.isObject() || stored.size() != sent.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!stored.has(entry.getKey()) || !sameValue(stored.get(entry.getKey()), entry.getValue())) {
                    return false;
                }
            }
            return true;
        }
        return stored.equals(sent);
    }

    /** The oracle: no U+0000, and every text survives the JDK's UTF-8 coder (which replaces unpaired surrogates). */
    private static boolean isStorable(JsonNode value) {
        List<String> texts = new ArrayList<>();
        collectTexts(value, texts);
        return texts.stream().allMatch(text -> text.indexOf('\u0000') < 0
                && new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(text));
    }

    private static void collectTexts(JsonNode value, List<String> texts) {
        if (value.isTextual()) {
            texts.add(value.textValue());
        }
        value.fieldNames().forEachRemaining(texts::add);
        value.elements().forEachRemaining(element -> collectTexts(element, texts));
    }

    private static String escaped(JsonNode value) {
        try {
            return ESCAPING.writeValueAsString(value);
        } catch (Exception e) {
            return value.getNodeType().toString();
        }
    }

    /** Field values as devices may send them, within what the gateway's JSON rules take. */
    private static Arbitrary<JsonNode> values() {
        Arbitrary<JsonNode> scalars = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, texts().map(JsonNodeFactory.instance::textNode)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(JsonNodeFactory.instance::numberNode)),
                net.jqwik.api.Tuple.of(2, Arbitraries.doubles().between(-Double.MAX_VALUE, Double.MAX_VALUE)
                        .withSpecialValue(Double.MIN_VALUE).withSpecialValue(-0.0).withSpecialValue(1e-300)
                        .map(JsonNodeFactory.instance::numberNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(true, false).map(JsonNodeFactory.instance::booleanNode)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(JsonNodeFactory.instance.nullNode())));
        Arbitrary<JsonNode> arrays = scalars.list().ofMaxSize(4).map(elements -> {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            elements.forEach(array::add);
            return array;
        });
        Arbitrary<JsonNode> objects = Arbitraries.maps(texts(), Arbitraries.oneOf(scalars, arrays)).ofMaxSize(3)
                .map(entries -> {
                    ObjectNode object = JsonNodeFactory.instance.objectNode();
                    entries.forEach(object::set);
                    return object;
                });
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, scalars), net.jqwik.api.Tuple.of(2, arrays),
                net.jqwik.api.Tuple.of(2, objects));
    }

    /** Any UTF-16 text, with U+0000, unpaired surrogates and other edge characters frequent enough to be met. */
    private static Arbitrary<String> texts() {
        Arbitrary<Character> edges = Arbitraries.of('\u0000', '\u0001', '\u001f', '\u007f', '\ud800', '\udbff',
                '\udc00', '\udfff', '\ufeff', '\uffff', '"', '\\', 'a');
        Arbitrary<String> edgeTexts = Arbitraries.oneOf(edges, Arbitraries.chars()).list().ofMaxSize(8)
                .map(chars -> {
                    StringBuilder text = new StringBuilder();
                    chars.forEach(text::append);
                    return text.toString();
                });
        Arbitrary<String> emoji = Arbitraries.of("\ud83e\udd5b", "Milk \ud83e\udd5b, eggs", "\u00e9\u4e2d\u0915");
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.strings().ofMaxLength(16)),
                net.jqwik.api.Tuple.of(3, edgeTexts), net.jqwik.api.Tuple.of(1, emoji));
    }
}
