package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The JSON form of wire and topic records, through the shared mapper of SyncJson. */
class SyncJsonMappingTest {

    private static final ObjectMapper JSON = SyncJson.mapper();

    /** The change of DESIGN.md section 3, verbatim (its ids are shortened with "..."). */
    private static final String DESIGN_CHANGE = """
            { "changeId": "01JD9V6K7Q8X...", "collection": "notes", "entityId": "29JYBqz9G3S6po1hy",
              "op": "update", "baseVersion": 15, "fields": { "body": "Milk, eggs, butter" },
              "clientTime": "2025-03-14T09:12:00Z", "deviceSeq": 42, "dependsOn": ["01JD9V5..."] }
            """;

    private static final Instant RECEIVED_AT = Instant.parse("2025-03-14T09:12:01.123456789Z");

    private static <T> T roundTrip(T value, Class<T> type) throws JsonProcessingException {
        return JSON.readValue(JSON.writeValueAsString(value), type);
    }

    private static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private static EntitySnapshot snapshot(long version, String body) {
        return new EntitySnapshot(version, ChangeBuilder.fieldsOf("body", body),
                Map.of("body", new FieldMeta(version, "phone-2", 7L, Instant.parse("2025-03-14T09:00:00Z"))), false,
                Instant.parse("2025-03-14T09:00:00.5Z"), "phone-2");
    }

    @Nested
    class Changes {

        @Test
        void theChangeOfDesignSection3Parses() throws Exception {
            Change change = JSON.readValue(DESIGN_CHANGE, Change.class);

            assertThat(change.changeId()).isEqualTo("01JD9V6K7Q8X...");
            assertThat(change.collection()).isEqualTo("notes");
            assertThat(change.entityId()).isEqualTo("29JYBqz9G3S6po1hy");
            assertThat(change.op()).isEqualTo(Op.UPDATE);
            assertThat(change.baseVersion()).isEqualTo(15L);
            assertThat(change.fields()).containsExactly(Map.entry("body", TextNode.valueOf("Milk, eggs, butter")));
            assertThat(change.clientTime()).isEqualTo(Instant.parse("2025-03-14T09:12:00Z"));
            assertThat(change.deviceSeq()).isEqualTo(42L);
            assertThat(change.dependsOn()).containsExactly("01JD9V5...");
        }

        @Test
        void theChangeOfDesignSection3SerializesBackToTheSameJsonAndAnEqualChange() throws Exception {
            Change change = JSON.readValue(DESIGN_CHANGE, Change.class);

            String written = JSON.writeValueAsString(change);

            assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(DESIGN_CHANGE));
            assertThat(JSON.readValue(written, Change.class)).isEqualTo(change);
        }

        @Test
        void nestedFieldValuesSurviveTheRoundTrip() throws Exception {
            String json = """
                    {"changeId":"c-1","collection":"lists","entityId":"e-1","op":"create",
                     "fields":{"title":"Groceries","count":3,"ratio":0.25,"done":false,
                               "items":[{"name":"milk","qty":2},{"name":"eggs","tags":["fresh","bio"]}],
                               "owner":{"id":"u-1","address":{"city":"Lyon","zip":null}}},
                     "clientTime":"2025-03-14T09:12:00.250Z","deviceSeq":0}
                    """;

            Change change = JSON.readValue(json, Change.class);

            assertThat(change.fields().get("items").get(1).get("tags").get(0).asText()).isEqualTo("fresh");
            assertThat(change.fields().get("owner").get("address").get("city").asText()).isEqualTo("Lyon");
            assertThat(change.fields().get("count").asInt()).isEqualTo(3);
            assertThat(change.fields().get("done").isBoolean()).isTrue();
            assertThat(change.clientTime()).isEqualTo(Instant.parse("2025-03-14T09:12:00.250Z"));
            assertThat(JSON.readValue(JSON.writeValueAsString(change), Change.class)).isEqualTo(change);
            assertThat(tree(change).get("fields")).isEqualTo(JSON.readTree(json).get("fields"));
        }

        @Test
        void fieldsKeepTheOrderTheDeviceSentThem() throws Exception {
            Change change = JSON.readValue("""
                    {"op":"create","fields":{"zeta":1,"alpha":2,"mid":3}}
                    """, Change.class);

            assertThat(change.fields().keySet()).containsExactly("zeta", "alpha", "mid");
        }

        @Test
        void aFieldSetToNullInAPatchIsKeptAndWrittenAsNull() throws Exception {
            Change change = JSON.readValue("""
                    {"changeId":"c-1","collection":"notes","entityId":"e-1","op":"update","baseVersion":3,
                     "fields":{"dueDate":null}}
                    """, Change.class);

            assertThat(change.fields()).containsEntry("dueDate", NullNode.getInstance());
            JsonNode written = tree(change);
            assertThat(written.get("fields").has("dueDate")).isTrue();
            assertThat(written.get("fields").get("dueDate").isNull()).isTrue();
        }

        @Test
        void aClientTimeWithAnOffsetIsReadAsTheSameInstant() throws Exception {
            Change change = JSON.readValue("{\"clientTime\":\"2025-03-14T10:12:00+01:00\"}", Change.class);

            assertThat(change.clientTime()).isEqualTo(Instant.parse("2025-03-14T09:12:00Z"));
        }

        @Test
        void clientTimeIsWrittenAsAnIso8601StringNotANumber() {
            JsonNode written = tree(ChangeBuilder.anUpdate().build());

            assertThat(written.get("clientTime").isTextual()).isTrue();
            assertThat(written.get("clientTime").asText()).isEqualTo("2025-03-14T09:12:00Z");
        }

        @ParameterizedTest
        @ValueSource(strings = {"upsert", "UPDATE", "Create", "remove", ""})
        void anUnknownOpFailsToMap(String op) {
            String json = "{\"changeId\":\"c-1\",\"collection\":\"notes\",\"entityId\":\"e-1\",\"op\":\"" + op
                    + "\",\"fields\":{\"a\":1}}";

            assertThatThrownBy(() -> JSON.readValue(json, Change.class)).isInstanceOf(JsonMappingException.class);
        }

        @Test
        void anUnknownOpInsideABatchFailsTheWholeBodyMapping() {
            String json = "{\"changes\":[{\"op\":\"create\",\"fields\":{}},{\"op\":\"merge\"}]}";

            assertThatThrownBy(() -> JSON.readValue(json, PushRequest.class))
                    .isInstanceOf(JsonMappingException.class);
        }

        @Test
        void aMissingOpMapsToNullAndIsLeftToTheValidator() throws Exception {
            Change change = JSON.readValue("{\"changeId\":\"c-1\",\"fields\":{\"a\":1}}", Change.class);

            assertThat(change.op()).isNull();
            assertThat(new ChangeValidator().validate(change)).extracting(Violation::code)
                    .contains(ChangeValidator.INVALID_OP);
        }

        @Test
        void nullPropertiesAreNotWritten() {
            Change create = ChangeBuilder.aCreate().clientTime(null).deviceSeq(null).build();

            JsonNode written = tree(create);

            assertThat(written.has("baseVersion")).isFalse();
            assertThat(written.has("clientTime")).isFalse();
            assertThat(written.has("deviceSeq")).isFalse();
            assertThat(written.findValues("baseVersion")).isEmpty();
            assertThat(written.has("op")).isTrue();
        }

        @Test
        void aDeleteWritesNoFieldsProperty() {
            assertThat(tree(ChangeBuilder.aDelete().build()).has("fields")).isFalse();
        }

        @Test
        void absentDependenciesReadAsAnEmptyList() throws Exception {
            assertThat(JSON.readValue("{\"op\":\"delete\"}", Change.class).dependsOn()).isEmpty();
            assertThat(JSON.readValue("{\"op\":\"delete\",\"dependsOn\":null}", Change.class).dependsOn()).isEmpty();
        }

        @Test
        void unknownPropertiesOfAChangeAreIgnored() throws Exception {
            Change change = JSON.readValue("""
                    {"changeId":"c-1","collection":"notes","entityId":"e-1","op":"delete","baseVersion":2,
                     "priority":"high","labels":["x"],"meta":{"nested":{"deep":[1,2,3]}}}
                    """, Change.class);

            assertThat(change).isEqualTo(ChangeBuilder.aDelete().changeId("c-1").entityId("e-1").baseVersion(2L)
                    .clientTime(null).deviceSeq(null).build());
        }
    }

    @Nested
    class Enums {

        static Stream<Arguments> wireNames() {
            return Stream.of(
                    Arguments.of(Op.CREATE, "create"), Arguments.of(Op.UPDATE, "update"),
                    Arguments.of(Op.DELETE, "delete"),
                    Arguments.of(Origin.CLIENT, "client"), Arguments.of(Origin.MERGE, "merge"),
                    Arguments.of(Origin.RESOLUTION, "resolution"),
                    Arguments.of(ConflictMode.MERGE, "merge"), Arguments.of(ConflictMode.REJECT, "reject"),
                    Arguments.of(Verdict.APPLY, "apply"), Arguments.of(Verdict.MERGED, "merged"),
                    Arguments.of(Verdict.MANUAL, "manual"),
                    Arguments.of(Verdict.REJECT, "reject"),
                    Arguments.of(ReceiptStatus.APPLIED, "applied"), Arguments.of(ReceiptStatus.MERGED, "merged"),
                    Arguments.of(ReceiptStatus.DUPLICATE, "duplicate"),
                    Arguments.of(ReceiptStatus.CONFLICT, "conflict"),
                    Arguments.of(ReceiptStatus.REJECTED, "rejected"), Arguments.of(ReceiptStatus.PENDING, "pending"));
        }

        @ParameterizedTest
        @MethodSource("wireNames")
        void anEnumIsWrittenAsItsLowerCaseWireName(Enum<?> value, String wire) throws Exception {
            assertThat(JSON.writeValueAsString(value)).isEqualTo("\"" + wire + "\"");
        }

        @ParameterizedTest
        @MethodSource("wireNames")
        void aLowerCaseWireNameReadsAsItsEnum(Enum<?> value, String wire) throws Exception {
            assertThat(JSON.readValue("\"" + wire + "\"", value.getDeclaringClass())).isEqualTo(value);
        }

        @Test
        void everyConstantOfEveryWireEnumHasItsWireName() {
            long constants = Stream.of(Op.values(), Origin.values(), ConflictMode.values(), Verdict.values(),
                    ReceiptStatus.values()).mapToLong(values -> values.length).sum();

            assertThat(wireNames()).hasSize((int) constants);
        }

        @ParameterizedTest
        @ValueSource(classes = {Origin.class, ConflictMode.class, Verdict.class, ReceiptStatus.class})
        void anUnknownWireNameFailsToMap(Class<?> type) {
            assertThatThrownBy(() -> JSON.readValue("\"no-such-value\"", type))
                    .isInstanceOf(JsonMappingException.class);
        }

        @ParameterizedTest
        @ValueSource(classes = {Op.class, Origin.class, ConflictMode.class, Verdict.class, ReceiptStatus.class})
        void theJavaConstantNameIsNoWireName(Class<? extends Enum<?>> type) {
            String upperCase = type.getEnumConstants()[0].name();

            assertThatThrownBy(() -> JSON.readValue("\"" + upperCase + "\"", type))
                    .isInstanceOf(JsonMappingException.class);
        }
    }

    @Nested
    class ChangeEnvelopes {

        private final Change change = ChangeBuilder.anUpdate().build();

        @Test
        void anEnvelopeRoundTripsWithTenantDeviceReceivedAtOriginAttemptAndConflictMode() throws Exception {
            ChangeEnvelope envelope = ChangeEnvelope.fromClient("acme", "phone-1", RECEIVED_AT, change,
                    ConflictMode.REJECT);

            ChangeEnvelope read = roundTrip(envelope, ChangeEnvelope.class);

            assertThat(read).isEqualTo(envelope);
            assertThat(read.tenant()).isEqualTo("acme");
            assertThat(read.device()).isEqualTo("phone-1");
            assertThat(read.receivedAt()).isEqualTo(RECEIVED_AT);
            assertThat(read.origin()).isEqualTo(Origin.CLIENT);
            assertThat(read.attempt()).isZero();
            assertThat(read.conflictMode()).isEqualTo(ConflictMode.REJECT);
            assertThat(read.change()).isEqualTo(change);
        }

        @Test
        void anEnvelopeReturnedFromTheConflictPathRoundTripsWithItsVerdict() throws Exception {
            ChangeEnvelope returned = ChangeEnvelope.fromClient("acme", "phone-1", RECEIVED_AT, change, null)
                    .returning(change.withBaseVersion(17L), Verdict.MANUAL, "conflict-9", "manual-review")
                    .returning(change.withBaseVersion(18L), Verdict.REJECT, null, "too-many-merges");

            ChangeEnvelope read = roundTrip(returned, ChangeEnvelope.class);

            assertThat(read).isEqualTo(returned);
            assertThat(read.origin()).isEqualTo(Origin.MERGE);
            assertThat(read.attempt()).isEqualTo(2);
            assertThat(read.verdict()).isEqualTo(Verdict.REJECT);
            assertThat(read.code()).isEqualTo("too-many-merges");
            assertThat(read.change().baseVersion()).isEqualTo(18L);
        }

        @Test
        void anEnvelopeIsWrittenWithTypeSchemaVersionAndWireNamesButNoDerivedProperties() {
            JsonNode written = tree(ChangeEnvelope.fromClient("acme", "phone-1", RECEIVED_AT, change,
                    ConflictMode.MERGE));

            assertThat(written.get("type").asText()).isEqualTo("change");
            assertThat(written.get("schemaVersion").asInt()).isEqualTo(1);
            assertThat(written.get("origin").asText()).isEqualTo("client");
            assertThat(written.get("conflictMode").asText()).isEqualTo("merge");
            assertThat(written.get("receivedAt").asText()).isEqualTo("2025-03-14T09:12:01.123456789Z");
            assertThat(written.has("verdict")).isFalse();
            assertThat(written.has("conflictId")).isFalse();
            assertThat(written.has("code")).isFalse();
            assertThat(written.has("returnFromConflictPath")).isFalse();
            assertThat(written.has("key")).isFalse();
        }

        @Test
        void absentTypeSchemaVersionOriginAndConflictModeTakeTheirDefaults() throws Exception {
            ChangeEnvelope read = JSON.readValue("""
                    {"tenant":"acme","device":"phone-1","receivedAt":"2025-03-14T09:12:01Z",
                     "change":{"changeId":"c-1","collection":"notes","entityId":"e-1","op":"delete","baseVersion":4}}
                    """, ChangeEnvelope.class);

            assertThat(read.type()).isEqualTo("change").isEqualTo(ChangeEnvelope.TYPE);
            assertThat(read.schemaVersion()).isEqualTo(1).isEqualTo(ChangeEnvelope.SCHEMA_VERSION);
            assertThat(read.origin()).isEqualTo(Origin.CLIENT);
            assertThat(read.conflictMode()).isEqualTo(ConflictMode.MERGE);
            assertThat(read.attempt()).isZero();
            assertThat(read.verdict()).isNull();
            assertThat(read.verdictOrApply()).isEqualTo(Verdict.APPLY);
        }

        @Test
        void unknownPropertiesOfAnEnvelopeAndItsChangeAreIgnored() throws Exception {
            ChangeEnvelope expected = ChangeEnvelope.fromClient("acme", "phone-1",
                    Instant.parse("2025-03-14T09:12:01Z"),
                    ChangeBuilder.aDelete().changeId("c-1").entityId("e-1").baseVersion(4L).clientTime(null)
                            .deviceSeq(null).build(),
                    ConflictMode.MERGE);

            ChangeEnvelope read = JSON.readValue("""
                    {"type":"change","schemaVersion":1,"tenant":"acme","device":"phone-1",
                     "receivedAt":"2025-03-14T09:12:01Z","origin":"client","attempt":0,"conflictMode":"merge",
                     "traceHint":"abc","routing":{"region":"eu-west","hops":[1,2]},
                     "change":{"changeId":"c-1","collection":"notes","entityId":"e-1","op":"delete","baseVersion":4,
                               "futureFlag":true}}
                    """, ChangeEnvelope.class);

            assertThat(read).isEqualTo(expected);
        }
    }

    @Nested
    class Receipts {

        @Test
        void aReceiptIsWrittenWithTheFieldsOfDesignSection3AndNoNulls() {
            JsonNode written = tree(Receipt.applied("c-1", "notes", "e-1", 16));

            assertThat(written.get("changeId").asText()).isEqualTo("c-1");
            assertThat(written.get("status").asText()).isEqualTo("applied");
            assertThat(written.get("collection").asText()).isEqualTo("notes");
            assertThat(written.get("entityId").asText()).isEqualTo("e-1");
            assertThat(written.get("version").asLong()).isEqualTo(16);
            assertThat(written.get("etag").asText()).isEqualTo("v16");
            assertThat(written.has("conflictId")).isFalse();
            assertThat(written.has("code")).isFalse();
            assertThat(written.has("originalStatus")).isFalse();
            assertThat(written.has("outcome")).isFalse();
        }

        @Test
        void aDuplicateReceiptRoundTripsWithItsOriginalOutcome() throws Exception {
            Receipt duplicate = Receipt.merged("c-1", "notes", "e-1", 21).asDuplicate();

            Receipt read = roundTrip(duplicate, Receipt.class);

            assertThat(read).isEqualTo(duplicate);
            assertThat(read.status()).isEqualTo(ReceiptStatus.DUPLICATE);
            assertThat(read.originalStatus()).isEqualTo(ReceiptStatus.MERGED);
            assertThat(read.outcome()).isEqualTo(ReceiptStatus.MERGED);
            assertThat(tree(duplicate).get("originalStatus").asText()).isEqualTo("merged");
        }

        @Test
        void aResultEventRoundTripsWithTenantDeviceReceiptAndCurrentEntity() throws Exception {
            Entity current = new Entity("notes", "e-1", 16, "v16", ChangeBuilder.fieldsOf("body", "x"), false,
                    Instant.parse("2025-03-14T09:12:02Z"), "phone-2");
            ResultEvent event = ResultEvent.of("acme", "phone-1",
                    Receipt.rejected("c-1", "notes", "e-1", ProblemTypes.PRECONDITION_FAILED), current);

            ResultEvent read = roundTrip(event, ResultEvent.class);

            assertThat(read).isEqualTo(event);
            assertThat(tree(event).get("type").asText()).isEqualTo("receipt");
            assertThat(tree(event).get("schemaVersion").asInt()).isEqualTo(1);
        }

        @Test
        void aResultEventWithoutCurrentEntityWritesNoCurrentProperty() {
            assertThat(tree(ResultEvent.of("acme", "phone-1", Receipt.pending("c-1", "notes", "e-1"), null))
                    .has("current")).isFalse();
        }

        @Test
        void unknownPropertiesOfAResultEventAreIgnored() throws Exception {
            ResultEvent read = JSON.readValue("""
                    {"type":"receipt","schemaVersion":1,"tenant":"acme","device":"phone-1","shard":7,
                     "receipt":{"changeId":"c-1","status":"conflict","collection":"notes","entityId":"e-1",
                                "conflictId":"k-1","reviewUrl":"https://example.invalid/k-1"}}
                    """, ResultEvent.class);

            assertThat(read).isEqualTo(ResultEvent.of("acme", "phone-1",
                    Receipt.conflict("c-1", "notes", "e-1", "k-1"), null));
        }
    }

    @Nested
    class ConflictEvents {

        private final ChangeEnvelope envelope = ChangeEnvelope.fromClient("acme", "phone-1", RECEIVED_AT,
                ChangeBuilder.anUpdate().build(), ConflictMode.MERGE);

        @Test
        void aConflictEventWithoutBaseRoundTripsWithANullBase() throws Exception {
            ConflictEvent event = ConflictEvent.of(envelope, null, snapshot(18, "remote body"),
                    ConflictEvent.REASON_CONCURRENT_EDIT);

            JsonNode written = tree(event);
            ConflictEvent read = roundTrip(event, ConflictEvent.class);

            assertThat(written.has("base")).isFalse();
            assertThat(read.base()).isNull();
            assertThat(read).isEqualTo(event);
        }

        @Test
        void anExplicitNullBaseReadsAsNull() throws Exception {
            ObjectNode json = (ObjectNode) tree(ConflictEvent.of(envelope, null, snapshot(18, "r"),
                    ConflictEvent.REASON_ALREADY_EXISTS));
            json.putNull("base");

            ConflictEvent read = JSON.treeToValue(json, ConflictEvent.class);

            assertThat(read.base()).isNull();
            assertThat(read.reason()).isEqualTo("already-exists");
        }

        @Test
        void aConflictEventWithBaseAndRemoteSnapshotsRoundTripsWithPerFieldMetadata() throws Exception {
            ConflictEvent event = ConflictEvent.of(envelope, snapshot(15, "base body"), snapshot(18, "remote body"),
                    ConflictEvent.REASON_CONCURRENT_EDIT);

            ConflictEvent read = roundTrip(event, ConflictEvent.class);

            assertThat(read).isEqualTo(event);
            assertThat(read.remote().fieldMeta().get("body").deviceSeq()).isEqualTo(7L);
            assertThat(tree(event).get("type").asText()).isEqualTo("conflict");
        }

        @Test
        void unknownPropertiesOfAConflictEventAndItsSnapshotsAreIgnored() throws Exception {
            ConflictEvent event = ConflictEvent.of(envelope, null, snapshot(18, "r"),
                    ConflictEvent.REASON_ALREADY_EXISTS);
            ObjectNode json = (ObjectNode) tree(event);
            json.put("severity", "high");
            json.withObjectProperty("envelope").put("partitionHint", 3);
            json.withObjectProperty("remote").put("checksum", "abc");
            json.withObjectProperty("remote").withObjectProperty("fieldMeta").withObjectProperty("body")
                    .putArray("history").add(1);

            assertThat(JSON.treeToValue(json, ConflictEvent.class)).isEqualTo(event);
        }
    }

    @Nested
    class HttpBodies {

        @Test
        void aPushRequestRoundTrips() throws Exception {
            PushRequest request = new PushRequest(List.of(ChangeBuilder.aCreate().changeId("c-1").build(),
                    ChangeBuilder.anUpdate().changeId("c-2").build(), ChangeBuilder.aDelete().changeId("c-3").build()));

            assertThat(roundTrip(request, PushRequest.class)).isEqualTo(request);
        }

        @Test
        void aPushResponseHasAcceptedIdsAndRejectedChangesWithCodeAndDetail() throws Exception {
            PushResponse response = new PushResponse(List.of("c-1", "c-2"), List.of(
                    new PushResponse.RejectedChange("c-3", ChangeValidator.BASE_VERSION_REQUIRED,
                            "needs baseVersion")));

            JsonNode written = tree(response);

            assertThat(roundTrip(response, PushResponse.class)).isEqualTo(response);
            assertThat(written.get("accepted")).hasSize(2);
            assertThat(written.get("rejected").get(0).get("code").asText()).isEqualTo("base-version-required");
            assertThat(written.get("rejected").get(0).has("changeId")).isTrue();
            assertThat(written.get("rejected").get(0).has("detail")).isTrue();
        }

        @Test
        void aPullPageRoundTripsWithTombstonesReceiptsCursorAndHasMore() throws Exception {
            PullPage page = new PullPage(
                    List.of(new Entity("notes", "e-1", 3, "v3", ChangeBuilder.fieldsOf("body", "x"), false,
                            Instant.parse("2025-03-14T09:12:02Z"), "phone-1"),
                            new Entity("notes", "e-2", 9, "v9", null, true, Instant.parse("2025-03-14T09:12:03Z"),
                                    "phone-2")),
                    List.of(Receipt.applied("c-1", "notes", "e-1", 3)), "cur-42", true);

            JsonNode written = tree(page);

            assertThat(roundTrip(page, PullPage.class)).isEqualTo(page);
            assertThat(written.get("hasMore").asBoolean()).isTrue();
            assertThat(written.get("cursor").asText()).isEqualTo("cur-42");
            assertThat(written.get("entities").get(1).get("deleted").asBoolean()).isTrue();
            assertThat(written.get("entities").get(1).has("fields")).isFalse();
        }

        @Test
        void aProblemIsWrittenAsRfc9457WithAStableTypeAndNoNulls() throws Exception {
            Problem problem = Problem.of(ProblemTypes.INVALID_REQUEST, "Invalid request", 400, "2 changes refused")
                    .withErrors(
                            List.of(new Violation(ChangeValidator.INVALID_OP, "op must be create, update or delete")));

            JsonNode written = tree(problem);

            assertThat(written.get("type").asText()).isEqualTo("https://syncmesh.dev/problems/invalid-request");
            assertThat(written.get("status").asInt()).isEqualTo(400);
            assertThat(written.has("instance")).isFalse();
            assertThat(written.get("errors").get(0).get("code").asText()).isEqualTo("invalid-op");
            assertThat(roundTrip(problem, Problem.class)).isEqualTo(problem);
        }
    }

    @Nested
    class Configuration {

        @Test
        void anotherMapperConfiguredBySyncJsonWritesTheSameJson() throws Exception {
            ObjectMapper other = SyncJson.configure(new ObjectMapper());
            ChangeEnvelope envelope = ChangeEnvelope.fromClient("acme", "phone-1", RECEIVED_AT,
                    ChangeBuilder.aCreate().deviceSeq(null).build(), ConflictMode.MERGE);

            assertThat(other.writeValueAsString(envelope)).isEqualTo(JSON.writeValueAsString(envelope));
            assertThat(other.readValue("{\"unknown\":1,\"change\":{\"op\":\"create\"}}", ChangeEnvelope.class)
                    .change().op()).isEqualTo(Op.CREATE);
        }

        @Test
        void theSharedMapperIsOneInstance() {
            assertThat(SyncJson.mapper()).isSameAs(SyncJson.mapper());
        }
    }
}
