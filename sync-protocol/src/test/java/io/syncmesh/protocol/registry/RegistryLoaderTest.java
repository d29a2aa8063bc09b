package io.syncmesh.protocol.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The collection registry file: what a valid one declares, the defaults of what it leaves out, and that an invalid one
 * is refused with every problem at once, each naming where it is.
 */
class RegistryLoaderTest {

    /** The example the repository ships; tests run in the module directory. */
    private static final Path EXAMPLE = Path.of("..", "config", "collections.yaml");

    private static final String SOURCE = "test-registry.yaml";

    private static CollectionRegistry parse(String yaml) {
        return RegistryLoader.parse(SOURCE, yaml);
    }

    private static InvalidRegistryException refused(String yaml) {
        return refusal(() -> parse(yaml));
    }

    private static InvalidRegistryException refusal(ThrowingCallable loading) {
        InvalidRegistryException e = catchThrowableOfType(loading, InvalidRegistryException.class);
        assertThat(e).as("the registry is refused").isNotNull();
        return e;
    }

    @Nested
    class TheExampleFile {

        private final CollectionRegistry registry = RegistryLoader.load(EXAMPLE);

        @Test
        void declaresNotesTasksAndBudgets() {
            assertThat(registry.asMap()).containsOnlyKeys("notes", "tasks", "budgets");
            assertThat(registry.collections().keySet()).as("sorted by name").containsExactly("budgets", "notes",
                    "tasks");
        }

        @Test
        void readsTheClockSkewOfSevenDays() {
            assertThat(registry.clockSkew()).isEqualTo(Duration.ofDays(7));
        }

        @Test
        void notesMergeTheirBodyAsTextAndBringADeletedNoteBackOnUpdate() {
            CollectionSpec notes = registry.find("notes").orElseThrow();

            assertThat(notes.policyOf("body")).isEqualTo(FieldPolicy.TEXT);
            assertThat(notes.policyOf("tags")).isEqualTo(FieldPolicy.UNION);
            assertThat(notes.policyOf("color")).isEqualTo(FieldPolicy.SERVER_WINS);
            assertThat(notes.onDelete()).isEqualTo(OnDelete.UPDATE_WINS);
            assertThat(notes.critical()).isFalse();
        }

        @Test
        void tasksCountMinutesSpentAndKeepADeletedTaskDeleted() {
            CollectionSpec tasks = registry.find("tasks").orElseThrow();

            assertThat(tasks.policyOf("minutesSpent")).isEqualTo(FieldPolicy.COUNTER);
            assertThat(tasks.policyOf("priority")).isEqualTo(FieldPolicy.MAX);
            assertThat(tasks.policyOf("dueAt")).isEqualTo(FieldPolicy.MIN);
            assertThat(tasks.policyOf("assignee")).isEqualTo(FieldPolicy.MANUAL);
            assertThat(tasks.onDelete()).isEqualTo(OnDelete.DELETE_WINS);
        }

        @Test
        void budgetsAreCriticalAndLeaveUpdateAgainstDeleteToAPerson() {
            CollectionSpec budgets = registry.find("budgets").orElseThrow();

            assertThat(budgets.critical()).isTrue();
            assertThat(budgets.onDelete()).isEqualTo(OnDelete.MANUAL);
            assertThat(budgets.fields()).isEmpty();
        }

        @Test
        void fieldsNotListedTakeTheDefaultPolicyLww() {
            assertThat(registry.find("notes").orElseThrow().policyOf("notListed")).isEqualTo(FieldPolicy.LWW);
            assertThat(registry.find("budgets").orElseThrow().policyOf("amount")).isEqualTo(FieldPolicy.LWW);
            assertThat(registry.find("budgets").orElseThrow().defaultPolicy()).isEqualTo(FieldPolicy.LWW);
        }

        @Test
        void loadsThroughTheConfiguredPathToo() {
            assertThat(RegistryLoader.loadConfigured(Optional.of(EXAMPLE.toString()))).isEqualTo(registry);
        }
    }

    @Nested
    class Defaults {

        @Test
        void aCollectionWithoutKeysUpdateWinsMergesLwwAndIsNotCritical() {
            CollectionRegistry registry = parse("""
                    collections:
                      notes:
                        fields:
                          title: text
                    """);

            CollectionSpec notes = registry.find("notes").orElseThrow();
            assertThat(notes.onDelete()).isEqualTo(OnDelete.UPDATE_WINS);
            assertThat(notes.defaultPolicy()).isEqualTo(FieldPolicy.LWW);
            assertThat(notes.critical()).isFalse();
            assertThat(notes.policyOf("title")).isEqualTo(FieldPolicy.TEXT);
            assertThat(notes.policyOf("body")).isEqualTo(FieldPolicy.LWW);
        }

        @Test
        void withoutClockSkewTheDefaultClockSkewApplies() {
            CollectionRegistry registry = parse("""
                    collections:
                      notes: {}
                    """);

            assertThat(registry.clockSkew()).isEqualTo(CollectionRegistry.DEFAULT_CLOCK_SKEW);
        }

        @Test
        void aCollectionDeclaredWithAnEmptyValueTakesEveryDefault() {
            CollectionRegistry registry = parse("""
                    collections:
                      notes:
                      tasks:
                    """);

            assertThat(registry.asMap()).containsOnlyKeys("notes", "tasks");
            assertThat(registry.find("notes")).hasValue(
                    new CollectionSpec("notes", false, OnDelete.UPDATE_WINS, FieldPolicy.LWW, Map.of()));
        }

        @Test
        void aDeclaredDefaultPolicyAppliesToFieldsNotListed() {
            CollectionRegistry registry = parse("""
                    collections:
                      notes:
                        defaultPolicy: server-wins
                        fields:
                          title: lww
                    """);

            CollectionSpec notes = registry.find("notes").orElseThrow();
            assertThat(notes.policyOf("body")).isEqualTo(FieldPolicy.SERVER_WINS);
            assertThat(notes.policyOf("title")).isEqualTo(FieldPolicy.LWW);
        }

        @Test
        void aClockSkewInHoursIsRead() {
            CollectionRegistry registry = parse("""
                    clockSkew: PT12H
                    collections:
                      notes:
                    """);

            assertThat(registry.clockSkew()).isEqualTo(Duration.ofHours(12));
        }
    }

    @Nested
    class Problems {

        @Test
        void everyProblemOfAFileIsReportedAtOnceEachWithItsLocation() {
            InvalidRegistryException e = refused("""
                    collections:
                      tasks:
                        onDelete: sometimes
                        colour: red
                        fields:
                          priority: highest
                    """);

            assertThat(e.problems()).hasSize(3);
            assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("collections.tasks.fields.priority:")
                    .contains("'highest'")
                    .contains(FieldPolicy.names().toString()));
            assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("collections.tasks.onDelete:")
                    .contains("'sometimes'")
                    .contains("delete-wins", "update-wins", "manual"));
            assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("collections.tasks.colour:")
                    .contains("unknown key")
                    .contains("critical", "defaultPolicy", "fields", "onDelete"));
            assertThat(e.getMessage()).contains(e.problems());
        }

        @Test
        void problemsInSeveralCollectionsAreAllReported() {
            InvalidRegistryException e = refused("""
                    clockSkew: soon
                    collections:
                      notes:
                        critical: maybe
                      tasks:
                        defaultPolicy: newest
                    """);

            assertThat(e.problems()).hasSize(3);
            assertThat(e.problems()).anySatisfy(problem -> assertThat(problem).startsWith("clockSkew:"));
            assertThat(e.problems())
                    .anySatisfy(problem -> assertThat(problem).startsWith("collections.notes.critical:"));
            assertThat(e.problems()).anySatisfy(problem -> assertThat(problem)
                    .startsWith("collections.tasks.defaultPolicy:").contains("'newest'"));
        }

        @Test
        void anUnknownTopLevelKeyIsNamedWithTheKnownOnes() {
            InvalidRegistryException e = refused("""
                    clockskew: P1D
                    collections:
                      notes:
                    """);

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("clockskew:").contains("unknown key").contains("clockSkew", "collections"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Notes", "1notes", "no-tes", "_notes"})
        void anInvalidCollectionNameIsRefused(String name) {
            InvalidRegistryException e = refused("collections:\n  " + name + ":\n");

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("collections." + name + ":").contains("collection name"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"with-dash", "1st", "dot.ted"})
        void anInvalidFieldNameIsRefused(String field) {
            InvalidRegistryException e = refused("""
                    collections:
                      notes:
                        fields:
                          "%s": lww
                    """.formatted(field));

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("collections.notes.fields." + field + ":").contains("field name"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes-please", "\"true\"", "1"})
        void criticalThatIsNotABooleanIsRefused(String value) {
            InvalidRegistryException e = refused("""
                    collections:
                      budgets:
                        critical: %s
                    """.formatted(value));

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("collections.budgets.critical:").contains("true or false"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"7 days", "7d", "P", "1"})
        void aClockSkewThatIsNotAnIso8601DurationIsRefused(String value) {
            InvalidRegistryException e = refused("""
                    clockSkew: "%s"
                    collections:
                      notes:
                    """.formatted(value));

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("clockSkew:").contains("ISO-8601"));
        }

        @Test
        void aNegativeClockSkewIsRefused() {
            InvalidRegistryException e = refused("""
                    clockSkew: -P1D
                    collections:
                      notes:
                    """);

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("clockSkew:").contains("negative"));
        }

        @Test
        void aZeroClockSkewIsAccepted() {
            assertThat(parse("clockSkew: PT0S\ncollections:\n  notes:\n").clockSkew()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"clockSkew: P7D\n", "collections:\n", "collections: {}\n", "collections: []\n",
                "collections: notes\n"})
        void aFileWithoutCollectionsIsRefused(String yaml) {
            InvalidRegistryException e = refused(yaml);

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("collections:").contains("at least one collection"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"- notes\n- tasks\n", "just a string\n", "42\n", ""})
        void aFileWhoseTopLevelIsNotAMappingIsRefused(String yaml) {
            InvalidRegistryException e = refused(yaml);

            assertThat(e.problems()).singleElement()
                    .satisfies(problem -> assertThat(problem).contains("must be a mapping"));
        }

        @Test
        void aCollectionThatIsNotAMappingIsRefused() {
            InvalidRegistryException e = refused("""
                    collections:
                      notes: lww
                    """);

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("collections.notes:").contains("must be a mapping"));
        }

        @Test
        void fieldsThatAreNotAMappingAreRefused() {
            InvalidRegistryException e = refused("""
                    collections:
                      notes:
                        fields: [title, body]
                    """);

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("collections.notes.fields:").contains("mapping"));
        }

        @Test
        void aPolicyThatIsNotTextIsRefused() {
            InvalidRegistryException e = refused("""
                    collections:
                      notes:
                        fields:
                          title: [lww]
                    """);

            assertThat(e.problems()).singleElement()
                    .satisfies(problem -> assertThat(problem).startsWith("collections.notes.fields.title:"));
        }

        @Test
        void invalidYamlIsRefusedAsNotValidYaml() {
            InvalidRegistryException e = refused("""
                    collections:
                      notes: {fields: [
                    """);

            assertThat(e.problems()).singleElement()
                    .satisfies(problem -> assertThat(problem).startsWith("not valid YAML"));
        }

        @Test
        void aCollectionDeclaredTwiceIsRefusedRatherThanSilentlyOverridden() {
            InvalidRegistryException e = refused("""
                    collections:
                      notes:
                        onDelete: delete-wins
                      notes:
                        onDelete: update-wins
                    """);

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("not valid YAML").contains("notes"));
        }

        @Test
        void aFieldDeclaredTwiceIsRefused() {
            InvalidRegistryException e = refused("""
                    collections:
                      notes:
                        fields:
                          title: lww
                          title: text
                    """);

            assertThat(e.problems()).singleElement().satisfies(problem -> assertThat(problem)
                    .startsWith("not valid YAML").contains("title"));
        }

        @Test
        void theMessageNamesTheSourceAndListsEveryProblemOnItsOwnLine() {
            InvalidRegistryException e = refused("""
                    clockSkew: -PT1H
                    collections:
                      Bad:
                    """);

            assertThat(e.getMessage()).startsWith("the collection registry " + SOURCE + " is invalid:");
            assertThat(e.getMessage().lines().skip(1)).hasSize(2)
                    .allSatisfy(line -> assertThat(line).startsWith("  - "));
        }
    }

    @Nested
    class FromFilesAndSettings {

        @TempDir
        Path dir;

        @Test
        void aFileIsLoadedFromItsPath() throws IOException {
            Path file = Files.writeString(dir.resolve("collections.yaml"), """
                    clockSkew: PT1H
                    collections:
                      notes:
                        critical: true
                    """);

            CollectionRegistry registry = RegistryLoader.load(file);

            assertThat(registry.clockSkew()).isEqualTo(Duration.ofHours(1));
            assertThat(registry.find("notes").orElseThrow().critical()).isTrue();
        }

        @Test
        void aMissingFileIsRefusedNamingItsAbsolutePath() {
            Path missing = dir.resolve("nowhere.yaml");

            InvalidRegistryException e = refusal(() -> RegistryLoader.load(missing));

            assertThat(e.problems()).containsExactly("the file does not exist");
            assertThat(e.getMessage()).contains(missing.toAbsolutePath().toString());
        }

        @Test
        void anInvalidFileIsRefusedWithAMessageNamingItsPath() throws IOException {
            Path file = Files.writeString(dir.resolve("broken.yaml"), "collections:\n  notes:\n    onDelete: never\n");

            InvalidRegistryException e = refusal(() -> RegistryLoader.load(file));

            assertThat(e.getMessage()).contains(file.toAbsolutePath().toString());
            assertThat(e.problems()).singleElement()
                    .satisfies(problem -> assertThat(problem).startsWith("collections.notes.onDelete:"));
        }

        @Test
        void invalidYamlInAFileIsRefusedNamingItsPath() throws IOException {
            Path file = Files.writeString(dir.resolve("garbage.yaml"), "collections: [unclosed\n");

            InvalidRegistryException e = refusal(() -> RegistryLoader.load(file));

            assertThat(e.getMessage()).contains(file.toAbsolutePath().toString());
            assertThat(e.problems()).singleElement()
                    .satisfies(problem -> assertThat(problem).startsWith("not valid YAML"));
        }

        @Test
        void aDuplicateCollectionInAFileIsRefused() throws IOException {
            Path file = Files.writeString(dir.resolve("twice.yaml"), "collections:\n  notes:\n  notes:\n");

            assertThatThrownBy(() -> RegistryLoader.load(file)).isInstanceOf(InvalidRegistryException.class)
                    .hasMessageContaining("not valid YAML");
        }

        @Test
        void anEmptyFileIsRefused() throws IOException {
            Path file = Files.writeString(dir.resolve("empty.yaml"), "");

            assertThatThrownBy(() -> RegistryLoader.load(file)).isInstanceOf(InvalidRegistryException.class)
                    .hasMessageContaining(file.toAbsolutePath().toString());
        }

        @Test
        void noConfiguredPathIsRefusedSayingWhatToSet() {
            InvalidRegistryException e = refusal(() -> RegistryLoader.loadConfigured(Optional.empty()));

            assertThat(e.getMessage()).contains(RegistryLoader.PATH_SETTING).contains("syncmesh.registry.path")
                    .contains("SYNCMESH_REGISTRY_PATH");
        }

        @Test
        void aBlankConfiguredPathIsRefusedLikeAMissingOne() {
            assertThatThrownBy(() -> RegistryLoader.loadConfigured(Optional.of("  ")))
                    .isInstanceOf(InvalidRegistryException.class)
                    .hasMessageContaining("SYNCMESH_REGISTRY_PATH");
        }

        @Test
        void aConfiguredPathToAMissingFileIsRefusedNamingIt() {
            Path missing = dir.resolve("configured.yaml");

            assertThatThrownBy(() -> RegistryLoader.loadConfigured(Optional.of(missing.toString())))
                    .isInstanceOf(InvalidRegistryException.class)
                    .hasMessageContaining(missing.toAbsolutePath().toString())
                    .hasMessageContaining("does not exist");
        }
    }

    @Nested
    class Lookups {

        private final CollectionSpec notes = new CollectionSpec("notes", false, OnDelete.UPDATE_WINS, FieldPolicy.LWW,
                Map.of("body", FieldPolicy.TEXT));
        private final CollectionSpec budgets = new CollectionSpec("budgets", true, OnDelete.MANUAL,
                FieldPolicy.SERVER_WINS, Map.of());
        private final CollectionRegistry registry = CollectionRegistry.of(notes, budgets);

        @Test
        void declaresOnlyTheCollectionsItHolds() {
            assertThat(registry.declares("notes")).isTrue();
            assertThat(registry.declares("budgets")).isTrue();
            assertThat(registry.declares("tasks")).isFalse();
            assertThat(registry.declares("Notes")).isFalse();
            assertThat(registry.declares(null)).isFalse();
        }

        @Test
        void findGivesTheSpecOfADeclaredCollectionAndNothingOtherwise() {
            assertThat(registry.find("notes")).containsSame(notes);
            assertThat(registry.find("tasks")).isEmpty();
            assertThat(registry.find(null)).isEmpty();
        }

        @Test
        void ofUsesTheDefaultClockSkew() {
            assertThat(registry.clockSkew()).isEqualTo(CollectionRegistry.DEFAULT_CLOCK_SKEW);
            assertThat(CollectionRegistry.DEFAULT_CLOCK_SKEW).isEqualTo(Duration.ofDays(7));
        }

        @Test
        void policyOfAListedFieldIsItsOwnAndOfAnyOtherTheDefault() {
            assertThat(notes.policyOf("body")).isEqualTo(FieldPolicy.TEXT);
            assertThat(notes.policyOf("title")).isEqualTo(FieldPolicy.LWW);
            assertThat(budgets.policyOf("amount")).isEqualTo(FieldPolicy.SERVER_WINS);
        }

        @Test
        void theCollectionsCannotBeChangedFromOutside() {
            assertThatThrownBy(() -> registry.asMap().remove("notes"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> notes.fields().put("title", FieldPolicy.MANUAL))
                    .isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        void policyAndRuleNamesRoundTripThroughTheirWireNames() {
            for (FieldPolicy policy : FieldPolicy.values()) {
                assertThat(FieldPolicy.fromWire(policy.wire())).isEqualTo(policy);
            }
            for (OnDelete rule : OnDelete.values()) {
                assertThat(OnDelete.fromWire(rule.wire())).isEqualTo(rule);
            }
            assertThat(FieldPolicy.fromWire("LWW")).isNull();
            assertThat(OnDelete.fromWire("delete_wins")).isNull();
        }
    }
}
