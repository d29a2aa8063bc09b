package io.syncmesh.protocol;

import static io.syncmesh.protocol.ChangeBuilder.aCreate;
import static io.syncmesh.protocol.ChangeBuilder.aDelete;
import static io.syncmesh.protocol.ChangeBuilder.anUpdate;
import static io.syncmesh.protocol.ChangeValidator.BASE_VERSION_NOT_ALLOWED;
import static io.syncmesh.protocol.ChangeValidator.BASE_VERSION_REQUIRED;
import static io.syncmesh.protocol.ChangeValidator.DUPLICATE_CHANGE_ID;
import static io.syncmesh.protocol.ChangeValidator.FIELDS_NOT_ALLOWED;
import static io.syncmesh.protocol.ChangeValidator.FIELDS_REQUIRED;
import static io.syncmesh.protocol.ChangeValidator.FIELD_TOO_LARGE;
import static io.syncmesh.protocol.ChangeValidator.INVALID_CHANGE_ID;
import static io.syncmesh.protocol.ChangeValidator.INVALID_COLLECTION;
import static io.syncmesh.protocol.ChangeValidator.INVALID_DEPENDENCY;
import static io.syncmesh.protocol.ChangeValidator.INVALID_DEVICE_SEQ;
import static io.syncmesh.protocol.ChangeValidator.INVALID_ENTITY_ID;
import static io.syncmesh.protocol.ChangeValidator.INVALID_FIELD_NAME;
import static io.syncmesh.protocol.ChangeValidator.INVALID_OP;
import static io.syncmesh.protocol.ChangeValidator.TOO_MANY_FIELDS;
import static io.syncmesh.protocol.ChangeValidator.UNKNOWN_COLLECTION;
import static io.syncmesh.protocol.ChangeValidator.UNSTORABLE_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The wire rules of DESIGN.md section 3 as ChangeValidator enforces them, one rule (and one code) at a time. */
class ChangeValidatorTest {

    private final ChangeValidator validator = new ChangeValidator();

    private List<String> codesOf(Change change) {
        return validator.validate(change).stream().map(Violation::code).toList();
    }

    private static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }

    @Nested
    class ValidChanges {

        @Test
        void aCreateWithAllFieldsAndNoBaseVersionHasNoViolation() {
            assertThat(validator.validate(aCreate().build())).isEmpty();
        }

        @Test
        void anUpdatePatchWithABaseVersionHasNoViolation() {
            assertThat(validator.validate(anUpdate().build())).isEmpty();
        }

        @Test
        void aDeleteWithABaseVersionAndNoFieldsHasNoViolation() {
            assertThat(validator.validate(aDelete().build())).isEmpty();
        }

        @Test
        void aDeleteWithAnEmptyFieldObjectCountsAsCarryingNoFields() {
            assertThat(validator.validate(aDelete().fields(Map.of()).build())).isEmpty();
        }

        @Test
        void aValidBatchGivesAnEmptyListForEveryPosition() {
            List<List<Violation>> result = validator.validateBatch(List.of(
                    aCreate().changeId("c1").build(),
                    anUpdate().changeId("c2").dependsOn(List.of("c1")).build(),
                    aDelete().changeId("c3").build()));

            assertThat(result).hasSize(3).allSatisfy(violations -> assertThat(violations).isEmpty());
        }
    }

    @Nested
    class ChangeIds {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"has space", "slash/inside", "dot.inside", "colon:inside", "\u00fcmlaut", "tab\t",
                "trailing-newline\n"})
        void aMalformedChangeIdIsRefused(String changeId) {
            assertThat(codesOf(aCreate().changeId(changeId).build())).containsExactly(INVALID_CHANGE_ID);
        }

        @Test
        void aChangeIdOf64CharactersIsAccepted() {
            assertThat(codesOf(aCreate().changeId(repeat('a', 32) + repeat('Z', 31) + "-").build())).isEmpty();
        }

        @Test
        void aChangeIdOf65CharactersIsRefused() {
            assertThat(codesOf(aCreate().changeId(repeat('a', 65)).build())).containsExactly(INVALID_CHANGE_ID);
        }

        @Test
        void theChangeIdLimitIsTheOneOfLimits() {
            String longest = repeat('7', Limits.MAX_CHANGE_ID_LENGTH);
            assertThat(codesOf(aCreate().changeId(longest).build())).isEmpty();
            assertThat(codesOf(aCreate().changeId(longest + "7").build())).containsExactly(INVALID_CHANGE_ID);
        }
    }

    @Nested
    class CollectionNames {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"1notes", "9", "Notes", "notEs", "_notes", "no-tes", "no.tes", "notes/x", " notes",
                "notes\n", "n\u00f6tes"})
        void aMalformedCollectionIsRefused(String collection) {
            assertThat(codesOf(aCreate().collection(collection).build())).containsExactly(INVALID_COLLECTION);
        }

        @Test
        void aCollectionStartingWithADigitIsRefused() {
            assertThat(codesOf(aCreate().collection("2do_items").build())).containsExactly(INVALID_COLLECTION);
        }

        @ParameterizedTest
        @ValueSource(strings = {"a", "notes", "todo_items", "n0tes_2", "z_"})
        void aLowerCaseNameOfLettersDigitsAndUnderscoresIsAccepted(String collection) {
            assertThat(codesOf(aCreate().collection(collection).build())).isEmpty();
        }

        @Test
        void aCollectionOf63CharactersIsAccepted() {
            assertThat(codesOf(aCreate().collection("n" + repeat('o', 62)).build())).isEmpty();
        }

        @Test
        void aCollectionOf64CharactersIsRefused() {
            assertThat(codesOf(aCreate().collection("n" + repeat('o', 63)).build()))
                    .containsExactly(INVALID_COLLECTION);
        }

        @Test
        void aWellFormedCollectionMissingFromTheRegistryIsUnknown() {
            ChangeValidator registryBacked = new ChangeValidator(Set.of("notes", "tasks")::contains);

            assertThat(registryBacked.validate(aCreate().collection("recipes").build()))
                    .extracting(Violation::code)
                    .containsExactly(UNKNOWN_COLLECTION);
        }

        @Test
        void aCollectionDeclaredInTheRegistryIsAccepted() {
            ChangeValidator registryBacked = new ChangeValidator(Set.of("notes", "tasks")::contains);

            assertThat(registryBacked.validate(aCreate().collection("tasks").build())).isEmpty();
        }

        @Test
        void aMalformedCollectionIsInvalidAndTheRegistryIsNotAsked() {
            List<String> asked = new ArrayList<>();
            Predicate<String> registry = name -> {
                asked.add(name);
                return true;
            };
            ChangeValidator registryBacked = new ChangeValidator(registry);

            assertThat(registryBacked.validate(aCreate().collection("Recipes").build()))
                    .extracting(Violation::code)
                    .containsExactly(INVALID_COLLECTION);
            assertThat(asked).isEmpty();
        }

        @Test
        void theDefaultValidatorAcceptsEveryWellFormedCollection() {
            assertThat(codesOf(aCreate().collection("never_declared_anywhere").build())).isEmpty();
        }
    }

    @Nested
    class EntityIds {

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"a/b", "with space", "dot.ted", "colon:ed", "at@sign", "\u00e9t\u00e9", "line\n"})
        void aMalformedEntityIdIsRefused(String entityId) {
            assertThat(codesOf(anUpdate().entityId(entityId).build())).containsExactly(INVALID_ENTITY_ID);
        }

        @ParameterizedTest
        @ValueSource(strings = {"x", "29JYBqz9G3S6po1hy", "0193a4b2-7c1d-7e5f-8a9b-0c1d2e3f4a5b",
                "01JD9V6K7Q8XAB12CD34EF56GH", "under_score-and-dash"})
        void uuidKsuidAndUlidShapedIdsAreAccepted(String entityId) {
            assertThat(codesOf(anUpdate().entityId(entityId).build())).isEmpty();
        }

        @Test
        void anEntityIdOf64CharactersIsAccepted() {
            assertThat(codesOf(anUpdate().entityId(repeat('A', 60) + "z9_-").build())).isEmpty();
        }

        @Test
        void anEntityIdOf65CharactersIsRefused() {
            assertThat(codesOf(anUpdate().entityId(repeat('A', 61) + "z9_-").build()))
                    .containsExactly(INVALID_ENTITY_ID);
        }
    }

    @Nested
    class Ops {

        @Test
        void aChangeWithoutOpIsRefused() {
            assertThat(codesOf(anUpdate().op(null).build())).containsExactly(INVALID_OP);
        }

        @Test
        void aMissingChangeIsRefusedAsInvalidOp() {
            assertThat(validator.validate(null)).extracting(Violation::code).containsExactly(INVALID_OP);
        }
    }

    @Nested
    class BaseVersions {

        @Test
        void updateWithoutBaseVersionIsRefused() {
            assertThat(codesOf(anUpdate().baseVersion(null).build())).containsExactly(BASE_VERSION_REQUIRED);
        }

        @Test
        void deleteWithoutBaseVersionIsRefused() {
            assertThat(codesOf(aDelete().baseVersion(null).build())).containsExactly(BASE_VERSION_REQUIRED);
        }

        @ParameterizedTest
        @ValueSource(longs = {0L, -1L, Long.MIN_VALUE})
        void updateOnABaseVersionBelowOneIsRefused(long baseVersion) {
            assertThat(codesOf(anUpdate().baseVersion(baseVersion).build())).containsExactly(BASE_VERSION_REQUIRED);
        }

        @ParameterizedTest
        @ValueSource(longs = {0L, -1L})
        void deleteOnABaseVersionBelowOneIsRefused(long baseVersion) {
            assertThat(codesOf(aDelete().baseVersion(baseVersion).build())).containsExactly(BASE_VERSION_REQUIRED);
        }

        @Test
        void updateOnBaseVersionOneIsAccepted() {
            assertThat(codesOf(anUpdate().baseVersion(1L).build())).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(longs = {0L, 1L, 15L})
        void createWithABaseVersionIsRefused(long baseVersion) {
            assertThat(codesOf(aCreate().baseVersion(baseVersion).build())).containsExactly(BASE_VERSION_NOT_ALLOWED);
        }
    }

    @Nested
    class Fields {

        @Test
        void createWithoutFieldsIsRefused() {
            assertThat(codesOf(aCreate().fields(null).build())).containsExactly(FIELDS_REQUIRED);
        }

        @Test
        void updateWithoutFieldsIsRefused() {
            assertThat(codesOf(anUpdate().fields(null).build())).containsExactly(FIELDS_REQUIRED);
        }

        @Test
        void updateWithAnEmptyPatchIsRefused() {
            assertThat(codesOf(anUpdate().fields(Map.of()).build())).containsExactly(FIELDS_REQUIRED);
        }

        @Test
        void deleteWithFieldsIsRefused() {
            assertThat(codesOf(aDelete().fields(ChangeBuilder.fieldsOf("body", "x")).build()))
                    .containsExactly(FIELDS_NOT_ALLOWED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "1st", "with-dash", "with space", "a/b", "dot.ted", "\u00fcber"})
        void aMalformedFieldNameIsRefused(String name) {
            Map<String, JsonNode> fields = ChangeBuilder.fieldsOf("body", "ok");
            fields.put(name, TextNode.valueOf("value"));

            assertThat(codesOf(anUpdate().fields(fields).build())).containsExactly(INVALID_FIELD_NAME);
        }

        @Test
        void aFieldNameOf65CharactersIsRefused() {
            assertThat(codesOf(anUpdate().fields(ChangeBuilder.fieldsOf("f" + repeat('x', 64), "v")).build()))
                    .containsExactly(INVALID_FIELD_NAME);
        }

        @ParameterizedTest
        @ValueSource(strings = {"body", "_private", "A1_b", "x"})
        void fieldNamesOfLettersDigitsAndUnderscoresAreAccepted(String name) {
            assertThat(codesOf(anUpdate().fields(ChangeBuilder.fieldsOf(name, "v")).build())).isEmpty();
        }

        @Test
        void aFieldNameOf64CharactersIsAccepted() {
            assertThat(codesOf(anUpdate().fields(ChangeBuilder.fieldsOf("f" + repeat('x', 63), "v")).build()))
                    .isEmpty();
        }

        @Test
        void severalMalformedFieldNamesAreReportedOnce() {
            assertThat(codesOf(anUpdate().fields(ChangeBuilder.fieldsOf("1a", "v", "2b", "v", "c-c", "v")).build()))
                    .containsExactly(INVALID_FIELD_NAME);
        }

        @Test
        void aChangeWithTheMostFieldsAllowedIsAccepted() {
            assertThat(codesOf(aCreate().fields(ChangeBuilder.manyFields("f", Limits.MAX_FIELDS_PER_CHANGE)).build()))
                    .isEmpty();
        }

        @Test
        void aTextWithNulAnywhereInAValueIsRefusedAsUnstorable() {
            ObjectNode nestedKey = JsonNodeFactory.instance.objectNode();
            nestedKey.put("a\u0000b", 1);
            ArrayNode nestedText = JsonNodeFactory.instance.arrayNode().add("ok").add("x\u0000");

            assertThat(codesOf(aCreate().fields(Map.of("title", TextNode.valueOf("Milk\u0000"))).build()))
                    .containsExactly(UNSTORABLE_VALUE);
            assertThat(codesOf(aCreate().fields(Map.of("meta", nestedKey)).build())).containsExactly(UNSTORABLE_VALUE);
            assertThat(codesOf(anUpdate().fields(Map.of("tags", nestedText)).build()))
                    .containsExactly(UNSTORABLE_VALUE);
        }

        @Test
        void anUnpairedSurrogateIsRefusedAndAPairedOneIsAccepted() {
            assertThat(codesOf(aCreate().fields(Map.of("title", TextNode.valueOf("a\ud800b"))).build()))
                    .containsExactly(UNSTORABLE_VALUE);
            assertThat(codesOf(aCreate().fields(Map.of("title", TextNode.valueOf("\udc00"))).build()))
                    .containsExactly(UNSTORABLE_VALUE);
            assertThat(codesOf(aCreate().fields(Map.of("title", TextNode.valueOf("Milk \ud83e\udd5b"))).build()))
                    .isEmpty();
        }

        @Test
        void aFieldValueUpToTheLimitIsAcceptedAndOneCharacterMoreIsRefused() {
            // A string's JSON is its characters and two quotes.
            String atLimit = "x".repeat(Limits.MAX_FIELD_VALUE_CHARS - 2);
            assertThat(codesOf(aCreate().fields(Map.of("title", TextNode.valueOf(atLimit))).build())).isEmpty();
            assertThat(codesOf(aCreate().fields(Map.of("title", TextNode.valueOf(atLimit + "x"))).build()))
                    .containsExactly(FIELD_TOO_LARGE);
        }

        @Test
        void aDeepValueIsMeasuredWhole() {
            ArrayNode outer = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < 100; i++) {
                outer.addObject().put("k", "y".repeat(Limits.MAX_FIELD_VALUE_CHARS / 100));
            }
            assertThat(codesOf(aCreate().fields(Map.of("list", outer)).build())).containsExactly(FIELD_TOO_LARGE);
        }

        @Test
        void aChangeWithOneFieldMoreThanAllowedIsRefused() {
            assertThat(Limits.MAX_FIELDS_PER_CHANGE).isEqualTo(256);
            assertThat(codesOf(aCreate().fields(ChangeBuilder.manyFields("f", 257)).build()))
                    .containsExactly(TOO_MANY_FIELDS);
        }

        @Test
        void aFieldSetToJsonNullIsAPatchThatClearsItAndIsAccepted() {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            fields.put("dueDate", com.fasterxml.jackson.databind.node.NullNode.getInstance());

            assertThat(codesOf(anUpdate().fields(fields).build())).isEmpty();
        }
    }

    @Nested
    class Origins {

        private List<String> codesBy(Change change, Origin origin) {
            return validator.validate(change, origin).stream().map(Violation::code).toList();
        }

        @ParameterizedTest
        @EnumSource(value = Origin.class, names = {"MERGE", "RESOLUTION"})
        void anUpdateWithoutFieldsFromTheServerSideIsAccepted(Origin origin) {
            assertThat(codesBy(anUpdate().fields(null).build(), origin)).isEmpty();
        }

        @ParameterizedTest
        @EnumSource(value = Origin.class, names = {"MERGE", "RESOLUTION"})
        void anUpdateWithAnEmptyPatchFromTheServerSideIsAccepted(Origin origin) {
            assertThat(codesBy(anUpdate().fields(Map.of()).build(), origin)).isEmpty();
        }

        @Test
        void anUpdateWithoutFieldsFromADeviceIsStillRefused() {
            assertThat(codesBy(anUpdate().fields(null).build(), Origin.CLIENT)).containsExactly(FIELDS_REQUIRED);
            assertThat(codesBy(anUpdate().fields(Map.of()).build(), Origin.CLIENT)).containsExactly(FIELDS_REQUIRED);
        }

        @Test
        void validateWithoutOriginJudgesTheChangeAsADevicesAndRefusesAnUpdateWithoutFields() {
            assertThat(validator.validate(anUpdate().fields(null).build())).extracting(Violation::code)
                    .containsExactly(FIELDS_REQUIRED);
        }

        @ParameterizedTest
        @EnumSource(Origin.class)
        void aDeleteWithFieldsIsRefusedWhoeverMadeIt(Origin origin) {
            assertThat(codesBy(aDelete().fields(ChangeBuilder.fieldsOf("body", "x")).build(), origin))
                    .containsExactly(FIELDS_NOT_ALLOWED);
        }

        @ParameterizedTest
        @EnumSource(Origin.class)
        void aCreateWithoutFieldsIsRefusedWhoeverMadeIt(Origin origin) {
            assertThat(codesBy(aCreate().fields(null).build(), origin)).containsExactly(FIELDS_REQUIRED);
        }

        @ParameterizedTest
        @EnumSource(Origin.class)
        void anUpdateWithoutFieldsStillNeedsABaseVersionWhoeverMadeIt(Origin origin) {
            List<String> codes = codesBy(anUpdate().fields(null).baseVersion(null).build(), origin);

            assertThat(codes).contains(BASE_VERSION_REQUIRED);
        }

        @ParameterizedTest
        @EnumSource(Origin.class)
        void theOtherRulesHoldWhoeverMadeTheChange(Origin origin) {
            assertThat(codesBy(anUpdate().fields(null).entityId("a/b").build(), origin)).contains(INVALID_ENTITY_ID);
        }
    }

    @Nested
    class DeviceSequences {

        @ParameterizedTest
        @ValueSource(longs = {-1L, Long.MIN_VALUE})
        void aNegativeDeviceSeqIsRefused(long deviceSeq) {
            assertThat(codesOf(anUpdate().deviceSeq(deviceSeq).build())).containsExactly(INVALID_DEVICE_SEQ);
        }

        @ParameterizedTest
        @ValueSource(longs = {0L, 1L, Long.MAX_VALUE})
        void aNonNegativeDeviceSeqIsAccepted(long deviceSeq) {
            assertThat(codesOf(anUpdate().deviceSeq(deviceSeq).build())).isEmpty();
        }
    }

    @Nested
    class Dependencies {

        private List<String> ids(int count) {
            return IntStream.range(0, count).mapToObj(i -> "parent-" + i).toList();
        }

        @Test
        void theMostDependenciesAllowedAreAccepted() {
            assertThat(codesOf(anUpdate().dependsOn(ids(Limits.MAX_DEPENDENCIES)).build())).isEmpty();
        }

        @Test
        void tooManyDependenciesAreRefused() {
            assertThat(Limits.MAX_DEPENDENCIES).isEqualTo(32);
            assertThat(codesOf(anUpdate().dependsOn(ids(33)).build())).containsExactly(INVALID_DEPENDENCY);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "not a change id", "a/b", "01JD9V5..."})
        void aMalformedDependencyIsRefused(String dependency) {
            assertThat(codesOf(anUpdate().dependsOn(List.of(ChangeBuilder.PARENT_ID, dependency)).build()))
                    .containsExactly(INVALID_DEPENDENCY);
        }

        @Test
        void aChangeThatDependsOnItselfIsRefused() {
            assertThat(codesOf(anUpdate().changeId("self-1").dependsOn(List.of("self-1")).build()))
                    .containsExactly(INVALID_DEPENDENCY);
        }

        @Test
        void aChangeWithoutDependenciesHasAnEmptyListRatherThanNull() {
            Change change = anUpdate().dependsOn(null).build();

            assertThat(change.dependsOn()).isEmpty();
            assertThat(codesOf(change)).isEmpty();
        }
    }

    @Nested
    class Batches {

        @Test
        void aChangeIdRepeatedWithinABatchIsRefusedAtItsSecondPosition() {
            List<List<Violation>> result = validator.validateBatch(List.of(
                    aCreate().changeId("same").build(),
                    anUpdate().changeId("other").build(),
                    anUpdate().changeId("same").build()));

            assertThat(result).hasSize(3);
            assertThat(result.get(0)).isEmpty();
            assertThat(result.get(1)).isEmpty();
            assertThat(result.get(2)).extracting(Violation::code).containsExactly(DUPLICATE_CHANGE_ID);
        }

        @Test
        void everyRepetitionAfterTheFirstIsRefused() {
            List<List<Violation>> result = validator.validateBatch(Collections.nCopies(3, anUpdate().build()));

            assertThat(result.get(0)).isEmpty();
            assertThat(result.get(1)).extracting(Violation::code).containsExactly(DUPLICATE_CHANGE_ID);
            assertThat(result.get(2)).extracting(Violation::code).containsExactly(DUPLICATE_CHANGE_ID);
        }

        @Test
        void violationsStayAtThePositionOfTheChangeThatBrokeTheRule() {
            List<List<Violation>> result = validator.validateBatch(List.of(
                    aCreate().changeId("c1").build(),
                    anUpdate().changeId("c2").baseVersion(null).build(),
                    aDelete().changeId("c3").build()));

            assertThat(result.get(0)).isEmpty();
            assertThat(result.get(1)).extracting(Violation::code).containsExactly(BASE_VERSION_REQUIRED);
            assertThat(result.get(2)).isEmpty();
        }

        @Test
        void aDuplicateIsReportedNextToTheChangesOtherViolations() {
            List<List<Violation>> result = validator.validateBatch(List.of(
                    aCreate().changeId("dup").build(),
                    aDelete().changeId("dup").baseVersion(null).build()));

            assertThat(result.get(1)).extracting(Violation::code)
                    .containsExactlyInAnyOrder(BASE_VERSION_REQUIRED, DUPLICATE_CHANGE_ID);
        }

        @Test
        void theSameChangeIdInTwoBatchesIsNoDuplicateWithinEither() {
            assertThat(validator.validateBatch(List.of(anUpdate().build()))).containsExactly(List.of());
            assertThat(validator.validateBatch(List.of(anUpdate().build()))).containsExactly(List.of());
        }
    }

    @Nested
    class Details {

        private static final String MARKER = "Zq9SecretMarker";
        private static final String NUMBER_MARKER = "987654321";

        @Test
        void noDetailRepeatsTheOffendingValue() {
            ChangeValidator registryBacked = new ChangeValidator(Set.of("notes")::contains);
            Map<String, JsonNode> secretFields = ChangeBuilder.fieldsOf(MARKER, MARKER + " value");
            Map<String, JsonNode> badName = ChangeBuilder.fieldsOf(MARKER + "-name", MARKER);
            List<String> manyDeps = IntStream.range(0, 33).mapToObj(i -> MARKER + i).toList();
            List<Change> batch = List.of(
                    aCreate().changeId(MARKER + "/id").build(),
                    aCreate().changeId("c2").collection(MARKER).build(),
                    aCreate().changeId("c3").collection(MARKER.toLowerCase() + "_coll").build(),
                    aCreate().changeId("c4").entityId(MARKER + "/entity").build(),
                    aCreate().changeId("c5").op(null).fields(secretFields).build(),
                    anUpdate().changeId("c6").baseVersion(null).fields(secretFields).build(),
                    aCreate().changeId("c7").baseVersion(Long.valueOf(NUMBER_MARKER)).build(),
                    aCreate().changeId("c8").fields(null).build(),
                    aDelete().changeId("c9").fields(secretFields).build(),
                    anUpdate().changeId("c10").fields(badName).build(),
                    aCreate().changeId("c11").fields(ChangeBuilder.manyFields(MARKER, 257)).build(),
                    anUpdate().changeId("c12").deviceSeq(-Long.parseLong(NUMBER_MARKER)).build(),
                    anUpdate().changeId("c13").dependsOn(manyDeps).build(),
                    anUpdate().changeId("c14").dependsOn(List.of(MARKER + " dep")).build(),
                    anUpdate().changeId(MARKER + "_self").dependsOn(List.of(MARKER + "_self")).build(),
                    anUpdate().changeId(MARKER + "_dup").build(),
                    anUpdate().changeId(MARKER + "_dup").build());

            List<Violation> all = registryBacked.validateBatch(batch).stream().flatMap(List::stream).toList();

            assertThat(all).extracting(Violation::code).containsOnly(INVALID_CHANGE_ID, INVALID_COLLECTION,
                    UNKNOWN_COLLECTION, INVALID_ENTITY_ID, INVALID_OP, BASE_VERSION_REQUIRED, BASE_VERSION_NOT_ALLOWED,
                    FIELDS_REQUIRED, FIELDS_NOT_ALLOWED, INVALID_FIELD_NAME, TOO_MANY_FIELDS, INVALID_DEVICE_SEQ,
                    INVALID_DEPENDENCY, DUPLICATE_CHANGE_ID);
            assertThat(all).allSatisfy(violation -> {
                assertThat(violation.detail()).isNotBlank();
                assertThat(violation.detail()).doesNotContainIgnoringCase(MARKER);
                assertThat(violation.detail()).doesNotContain(NUMBER_MARKER);
                assertThat(violation.detail()).doesNotContain("257");
            });
        }

        @Test
        void everyCodeIsAStableLowerCaseSlug() {
            List<String> codes = List.of(INVALID_CHANGE_ID, INVALID_COLLECTION, UNKNOWN_COLLECTION, INVALID_ENTITY_ID,
                    INVALID_OP, BASE_VERSION_REQUIRED, BASE_VERSION_NOT_ALLOWED, FIELDS_REQUIRED, FIELDS_NOT_ALLOWED,
                    INVALID_FIELD_NAME, TOO_MANY_FIELDS, INVALID_DEVICE_SEQ, INVALID_DEPENDENCY, DUPLICATE_CHANGE_ID);

            assertThat(codes).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z]+(-[a-z]+)*"));
        }
    }
}
