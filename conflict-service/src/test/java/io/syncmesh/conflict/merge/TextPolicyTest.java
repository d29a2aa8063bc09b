package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeFixtures.engine;
import static io.syncmesh.conflict.merge.MergeFixtures.input;
import static io.syncmesh.conflict.merge.MergeFixtures.merged;
import static io.syncmesh.conflict.merge.MergeFixtures.person;
import static io.syncmesh.conflict.merge.MergeFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.FieldPolicy;

/** The text policy: line-based diff3 through the engine, and the line merge itself. */
class TextPolicyTest {

    private static MergeOutcome text(JsonNode base, JsonNode local, JsonNode remote) {
        Change change = new Change("chg-1", "notes", "ent-1", Op.UPDATE, 1L, Map.of("body", local), null, 1L, null);
        EntitySnapshot baseSnapshot = base == null
                ? null
                : new EntitySnapshot(1, Map.of("body", base), Map.of(), false, null, null);
        EntitySnapshot remoteSnapshot = new EntitySnapshot(3, Map.of("body", remote), Map.of(), false, null, null);
        return engine().merge(input(change, baseSnapshot, remoteSnapshot), spec(FieldPolicy.TEXT));
    }

    /** The merged body (the remote one when the merge needs no write). */
    private static String merge(String base, String local, String remote) {
        MergeOutcome.Merged out = merged(
                text(TextNode.valueOf(base), TextNode.valueOf(local), TextNode.valueOf(remote)));
        JsonNode body = out.change().fieldsOrEmpty().get("body");
        return body == null ? remote : body.textValue();
    }

    @Test
    void editsInDifferentLinesMergeCleanly() {
        assertThat(merge("a\nb\nc\nd\ne\n", "A\nb\nc\nd\ne\n", "a\nb\nc\nD\ne\n")).isEqualTo("A\nb\nc\nD\ne\n");
    }

    @Test
    void insertionsAndDeletionsInDifferentPlacesMergeCleanly() {
        assertThat(merge("a\nb\nc\nd\ne\n", "new\na\nb\nc\nd\ne\n", "a\nb\nc\ne\nend\n"))
                .isEqualTo("new\na\nb\nc\ne\nend\n");
    }

    @Test
    void overlappingDifferentEditsGoToAPerson() {
        MergeOutcome.NeedsPerson item = person(
                text(TextNode.valueOf("a\nb\nc\n"), TextNode.valueOf("a\nB1\nc\n"), TextNode.valueOf("a\nB2\nc\n")));

        assertThat(item.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.why()).isEqualTo("overlapping-edits");
            assertThat(c.policy()).isEqualTo("text");
            assertThat(c.local()).isEqualTo(TextNode.valueOf("a\nB1\nc\n"));
        });
    }

    @Test
    void editsOfAdjacentLinesOverlap() {
        // diff3 has no unchanged line between the two edits to anchor them, as in git.
        assertThat(person(text(TextNode.valueOf("a\nb\nc\n"), TextNode.valueOf("A\nb\nc\n"),
                TextNode.valueOf("a\nB\nc\n"))).conflicts()).extracting(ConflictField::why)
                .containsExactly("overlapping-edits");
    }

    @Test
    void identicalOverlappingEditsAreTakenOnce() {
        assertThat(merge("a\nb\nc\n", "a\nX\nc\nd\n", "a\nX\nc\n")).isEqualTo("a\nX\nc\nd\n");
    }

    @Test
    void aFinalNewlineAddedRemotelySurvivesALocalEditElsewhere() {
        assertThat(merge("a\nb\nc\nd", "A\nb\nc\nd", "a\nb\nc\nd\n")).isEqualTo("A\nb\nc\nd\n");
    }

    @Test
    void aFinalNewlineRemovedLocallySurvivesARemoteEditElsewhere() {
        assertThat(merge("a\nb\nc\n", "a\nb\nc", "X\nb\nc\n")).isEqualTo("X\nb\nc");
    }

    @Test
    void bothSidesAddingTheSameFinalNewlineIsNoConflict() {
        assertThat(merge("a\nb\nc\nd", "A\nb\nc\nd\n", "a\nb\nc\nd\n")).isEqualTo("A\nb\nc\nd\n");
    }

    @Test
    void differentLinesAppendedToATextWithoutFinalNewlineOverlap() {
        // Both sides change the last line "b" into "b\n" plus their own line.
        assertThat(person(text(TextNode.valueOf("a\nb"), TextNode.valueOf("a\nb\nc"), TextNode.valueOf("a\nb\nd")))
                .conflicts()).extracting(ConflictField::why).containsExactly("overlapping-edits");
    }

    @Test
    void aMissingBaseMergesAgainstTheEmptyText() {
        assertThat(person(text(null, TextNode.valueOf("x\n"), TextNode.valueOf("y\n"))).conflicts())
                .extracting(ConflictField::why).containsExactly("overlapping-edits");
        MergeOutcome.Merged out = merged(text(null, TextNode.valueOf("x\n"), TextNode.valueOf("")));
        assertThat(out.change().fieldsOrEmpty().get("body")).isEqualTo(TextNode.valueOf("x\n"));
    }

    @Test
    void nonStringsAreNotComparable() {
        assertThat(person(text(TextNode.valueOf("a"), IntNode.valueOf(1), TextNode.valueOf("b"))).conflicts())
                .extracting(ConflictField::why).containsExactly("not-comparable");
    }

    @Test
    void linesKeepTheirTerminators() {
        assertThat(LineMerge.lines("a\nb")).containsExactly("a\n", "b");
        assertThat(LineMerge.lines("a\nb\n")).containsExactly("a\n", "b\n");
        assertThat(LineMerge.lines("")).isEmpty();
        assertThat(LineMerge.lines("\n\n")).containsExactly("\n", "\n");
    }

    @Test
    void lineMergeWithOneSideUnchangedTakesTheOtherSide() {
        assertThat(LineMerge.merge("a\nb\n", "a\nb\n", "x\ny")).isEqualTo("x\ny");
        assertThat(LineMerge.merge("a\nb\n", "x\ny", "a\nb\n")).isEqualTo("x\ny");
    }
}
