package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Conflict items as the conflict-service stores and serves them, through SyncJson.write and SyncJson.read. */
class SyncJsonConflictItemTest {

    private static final String SECRET = "Zq9SecretMarker";

    private static Map<String, JsonNode> fields(Object... namesAndValues) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            map.put((String) namesAndValues[i], value instanceof JsonNode node
                    ? node
                    : value instanceof Integer number ? IntNode.valueOf(number) : TextNode.valueOf((String) value));
        }
        return map;
    }

    private static ConflictItem openItem() {
        JsonNode tags = JsonNodeFactory.instance.arrayNode().add("shopping").add("weekly");
        return new ConflictItem("cf-01JD9V", ConflictItem.OPEN, "field-conflict", "tasks", "29JYBqz9G3S6po1hy",
                "01JD9V6K7Q8XAB12CD34EF56GH", "phone-1", Op.UPDATE, 7, false,
                fields("title", "Milk", "assignee", "ann", "minutesSpent", 10),
                fields("title", "Milk", "assignee", "bob", "minutesSpent", 25),
                fields("title", "Oat milk", "assignee", "cid", "minutesSpent", 15, "tags", tags),
                List.of(new ConflictField("assignee", "manual", TextNode.valueOf("ann"), TextNode.valueOf("bob"),
                        TextNode.valueOf("cid"), "manual")),
                fields("title", "Oat milk", "minutesSpent", 30, "dueAt", NullNode.getInstance()),
                Instant.parse("2025-03-14T09:12:01.123456789Z"), null, null, null, null);
    }

    @Test
    void anOpenConflictItemRoundTripsToAnEqualItem() {
        ConflictItem item = openItem();

        assertThat(SyncJson.read(SyncJson.write(item), ConflictItem.class)).isEqualTo(item);
    }

    @Test
    void aResolvedConflictItemRoundTripsWithItsDecision() {
        ConflictItem open = openItem();
        ConflictItem resolved = new ConflictItem(open.id(), ConflictItem.RESOLVED, open.reason(), open.collection(),
                open.entityId(), open.changeId(), open.device(), open.op(), open.remoteVersion(), open.remoteDeleted(),
                open.base(), open.local(), open.remote(), open.conflicts(), open.proposal(), open.createdAt(),
                "operator@acme", Instant.parse("2025-03-15T08:00:00Z"), fields("assignee", "bob"), "res-01JDA0");

        ConflictItem read = SyncJson.read(SyncJson.write(resolved), ConflictItem.class);

        assertThat(read).isEqualTo(resolved);
        assertThat(read.resolution()).containsEntry("assignee", TextNode.valueOf("bob"));
        assertThat(read.resolutionChangeId()).isEqualTo("res-01JDA0");
    }

    @Test
    void anUpdateAgainstADeleteRoundTripsWithoutBaseOrLocalAndWithARemoteTombstone() throws Exception {
        ConflictItem item = new ConflictItem("cf-2", ConflictItem.OPEN, "update-vs-delete", "budgets", "b1", "c9",
                "laptop", Op.DELETE, 4, true, null, null, Map.of(),
                List.of(new ConflictField("amount", "lww", null, IntNode.valueOf(5), null, "base-missing")), Map.of(),
                Instant.parse("2025-03-14T09:00:00Z"), null, null, null, null);

        String json = SyncJson.write(item);
        ConflictItem read = SyncJson.read(json, ConflictItem.class);

        assertThat(read).isEqualTo(item);
        assertThat(read.remoteDeleted()).isTrue();
        JsonNode tree = SyncJson.mapper().readTree(json);
        assertThat(tree.has("base")).isFalse();
        assertThat(tree.has("local")).isFalse();
        assertThat(tree.has("decidedBy")).isFalse();
        assertThat(tree.has("resolutionChangeId")).isFalse();
        assertThat(tree.get("remoteDeleted").asBoolean()).isTrue();
    }

    @Test
    void aConflictItemIsWrittenWithWireNamesAndIsoTimesButNoNulls() throws Exception {
        JsonNode json = SyncJson.mapper().readTree(SyncJson.write(openItem()));

        assertThat(json.get("op").asText()).isEqualTo("update");
        assertThat(json.get("createdAt").asText()).isEqualTo("2025-03-14T09:12:01.123456789Z");
        assertThat(json.has("decidedBy")).isFalse();
        assertThat(json.has("resolution")).isFalse();
        assertThat(json.get("conflicts").get(0).get("why").asText()).isEqualTo("manual");
        assertThat(json.get("proposal").has("dueAt")).as("a field cleared by the merge stays, as JSON null").isTrue();
        assertThat(json.get("proposal").get("dueAt").isNull()).isTrue();
    }

    @Test
    void aConflictFieldWithoutSidesRoundTripsAndWritesNoNulls() {
        ConflictField field = new ConflictField("body", "text", null, TextNode.valueOf("x"), null, "overlapping-edits");

        String json = SyncJson.write(field);

        assertThat(SyncJson.read(json, ConflictField.class)).isEqualTo(field);
        assertThat(json).doesNotContain("null", "\"base\"", "\"remote\"");
    }

    @Test
    void aListOfConflictItemsRoundTripsThroughTheGenericRead() {
        List<ConflictItem> items = List.of(openItem());

        assertThat(SyncJson.read(SyncJson.write(items), new TypeReference<List<ConflictItem>>() {
        })).isEqualTo(items);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": \"" + SECRET + "\", ", "not json " + SECRET, "[\"" + SECRET + "\"]",
            "{\"op\": \"" + SECRET + "\"}", "{\"createdAt\": \"" + SECRET + "\"}",
            "{\"remoteVersion\": \"" + SECRET + "\"}"})
    void readingGarbageIsAnIllegalArgumentThatDoesNotQuoteTheInput(String garbage) {
        IllegalArgumentException e = catchThrowableOfType(() -> SyncJson.read(garbage, ConflictItem.class),
                IllegalArgumentException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("ConflictItem").doesNotContain(SECRET);
        assertThat(e.getCause()).as("the parser's message, which may quote the input, is not kept").isNull();
    }

    @Test
    void readingGarbageThroughTheGenericReadDoesNotQuoteTheInputEither() {
        IllegalArgumentException e = catchThrowableOfType(
                () -> SyncJson.read("[{\"id\": " + SECRET, new TypeReference<List<ConflictItem>>() {
                }), IllegalArgumentException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }
}
