package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeFixtures.change;
import static io.syncmesh.conflict.merge.MergeFixtures.engine;
import static io.syncmesh.conflict.merge.MergeFixtures.fields;
import static io.syncmesh.conflict.merge.MergeFixtures.input;
import static io.syncmesh.conflict.merge.MergeFixtures.merged;
import static io.syncmesh.conflict.merge.MergeFixtures.onDelete;
import static io.syncmesh.conflict.merge.MergeFixtures.person;
import static io.syncmesh.conflict.merge.MergeFixtures.snapshot;
import static io.syncmesh.conflict.merge.MergeFixtures.tombstone;
import static io.syncmesh.conflict.merge.MergeFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.OnDelete;

/** Update against delete and delete against update, by the collection's onDelete rule. */
class DeleteRulesTest {

    private static MergeOutcome updateAgainstTombstone(OnDelete rule) {
        return engine().merge(input(update("{'a':5}"), snapshot(1, "{'a':1,'b':2}"), tombstone(4)), onDelete(rule));
    }

    private static MergeOutcome deleteAgainstLive(OnDelete rule) {
        return engine().merge(input(change(Op.DELETE, null), snapshot(1, "{'a':1}"), snapshot(4, "{'a':2}")),
                onDelete(rule));
    }

    @Test
    void updateAgainstDeleteWithDeleteWinsIsDroppedWithoutWrite() {
        Change out = merged(updateAgainstTombstone(OnDelete.DELETE_WINS)).change();

        assertThat(out.op()).isEqualTo(Op.UPDATE);
        assertThat(out.fieldsOrEmpty()).isEmpty();
        assertThat(out.baseVersion()).isEqualTo(4L);
    }

    @Test
    void updateAgainstDeleteWithUpdateWinsBringsBackTheWholeLocalEntity() {
        MergeOutcome.Merged out = merged(updateAgainstTombstone(OnDelete.UPDATE_WINS));

        assertThat(out.change().op()).isEqualTo(Op.UPDATE);
        assertThat(out.change().fields()).isEqualTo(fields("{'a':5,'b':2}"));
        assertThat(out.change().baseVersion()).isEqualTo(4L);
        assertThat(out.bothChanged()).isEmpty();
    }

    @Test
    void updateWithoutBaseAgainstDeleteWithUpdateWinsCarriesThePatch() {
        MergeOutcome out = engine().merge(input(update("{'a':5}"), null, tombstone(4)),
                onDelete(OnDelete.UPDATE_WINS));

        assertThat(merged(out).change().fields()).isEqualTo(fields("{'a':5}"));
    }

    @Test
    void createAgainstDeleteWithUpdateWinsCarriesTheCreatedFields() {
        MergeOutcome out = engine().merge(input(change(Op.CREATE, "{'x':1,'y':'z'}"), null, tombstone(4)),
                onDelete(OnDelete.UPDATE_WINS));

        assertThat(merged(out).change().op()).isEqualTo(Op.UPDATE);
        assertThat(merged(out).change().fields()).isEqualTo(fields("{'x':1,'y':'z'}"));
    }

    @Test
    void updateAgainstDeleteWithManualGoesToAPersonWithTheLocalEntity() {
        MergeOutcome.NeedsPerson item = person(updateAgainstTombstone(OnDelete.MANUAL));

        assertThat(item.reason()).isEqualTo(MergeOutcome.NeedsPerson.UPDATE_VS_DELETE);
        assertThat(item.conflicts()).isEmpty();
        assertThat(item.proposal()).isEmpty();
        assertThat(item.local()).isEqualTo(fields("{'a':5,'b':2}"));
    }

    @Test
    void deleteAgainstUpdateWithDeleteWinsDeletesOnTheRemoteVersion() {
        Change out = merged(deleteAgainstLive(OnDelete.DELETE_WINS)).change();

        assertThat(out.op()).isEqualTo(Op.DELETE);
        assertThat(out.fieldsOrEmpty()).isEmpty();
        assertThat(out.baseVersion()).isEqualTo(4L);
        assertThat(out.changeId()).isEqualTo("chg-1");
    }

    @Test
    void deleteAgainstUpdateWithUpdateWinsIsDroppedWithoutWrite() {
        Change out = merged(deleteAgainstLive(OnDelete.UPDATE_WINS)).change();

        assertThat(out.op()).isEqualTo(Op.UPDATE);
        assertThat(out.fieldsOrEmpty()).isEmpty();
        assertThat(out.baseVersion()).isEqualTo(4L);
    }

    @Test
    void deleteAgainstUpdateWithManualGoesToAPersonWithoutLocalEntity() {
        MergeOutcome.NeedsPerson item = person(deleteAgainstLive(OnDelete.MANUAL));

        assertThat(item.reason()).isEqualTo(MergeOutcome.NeedsPerson.UPDATE_VS_DELETE);
        assertThat(item.conflicts()).isEmpty();
        assertThat(item.proposal()).isEmpty();
        assertThat(item.local()).isNull();
    }

    @ParameterizedTest
    @EnumSource(OnDelete.class)
    void deleteAgainstDeleteSettlesWithoutWrite(OnDelete rule) {
        MergeOutcome out = engine().merge(input(change(Op.DELETE, null), snapshot(1, "{'a':1}"), tombstone(4)),
                onDelete(rule));

        assertThat(merged(out).change().op()).isEqualTo(Op.UPDATE);
        assertThat(merged(out).change().fieldsOrEmpty()).isEmpty();
        assertThat(merged(out).change().baseVersion()).isEqualTo(4L);
    }
}
