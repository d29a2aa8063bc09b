package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.TextNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Validation rules that hold for every change, not just the examples in ChangeValidatorTest. */
class ChangeValidatorPropertiesTest {

    private final ChangeValidator validator = new ChangeValidator();

    @Property
    void everyChangeThatFollowsTheWireRulesHasNoViolation(@ForAll("validChanges") Change change) {
        assertThat(validator.validate(change)).isEmpty();
    }

    @Property
    void aBatchOfDistinctValidChangesHasNoViolationAtAnyPosition(@ForAll("validBatches") List<Change> batch) {
        List<List<Violation>> result = validator.validateBatch(batch);

        assertThat(result).hasSameSizeAs(batch).allSatisfy(violations -> assertThat(violations).isEmpty());
    }

    @Property
    void noDetailEverContainsTheOffendingValue(@ForAll("offendingValues") String value) {
        List<Change> changes = List.of(
                ChangeBuilder.aCreate().changeId(value).build(),
                ChangeBuilder.aCreate().collection(value).build(),
                ChangeBuilder.aCreate().entityId(value).build(),
                ChangeBuilder.anUpdate().fields(Map.of(value, TextNode.valueOf(value))).build(),
                ChangeBuilder.aDelete().fields(Map.of("body", TextNode.valueOf(value))).build(),
                ChangeBuilder.anUpdate().dependsOn(List.of(value)).build());

        List<Violation> violations = changes.stream().flatMap(c -> validator.validate(c).stream()).toList();

        assertThat(violations).hasSize(changes.size());
        assertThat(violations).extracting(Violation::detail).noneMatch(detail -> detail.contains(value));
    }

    @Provide
    Arbitrary<Change> validChanges() {
        return WireArbitraries.validChanges();
    }

    @Provide
    Arbitrary<List<Change>> validBatches() {
        return WireArbitraries.validChanges().list().ofMaxSize(20).uniqueElements(Change::changeId);
    }

    /** Values no identifier admits (they hold a slash), distinctive enough to be spotted in any text. */
    @Provide
    Arbitrary<String> offendingValues() {
        return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofMinLength(3).ofMaxLength(40)
                .map(core -> "~" + core + "/");
    }
}
