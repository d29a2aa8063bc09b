package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeFixtures.DEVICE;
import static io.syncmesh.conflict.merge.MergeFixtures.RECEIVED_AT;
import static io.syncmesh.conflict.merge.MergeFixtures.change;
import static io.syncmesh.conflict.merge.MergeFixtures.engine;
import static io.syncmesh.conflict.merge.MergeFixtures.fields;
import static io.syncmesh.conflict.merge.MergeFixtures.json;
import static io.syncmesh.conflict.merge.MergeFixtures.merged;
import static io.syncmesh.conflict.merge.MergeFixtures.onDelete;
import static io.syncmesh.conflict.merge.MergeFixtures.person;
import static io.syncmesh.conflict.merge.MergeFixtures.snapshot;
import static io.syncmesh.conflict.merge.MergeFixtures.spec;
import static io.syncmesh.conflict.merge.MergeFixtures.tombstone;
import static io.syncmesh.conflict.merge.MergeFixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ConflictField;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.CollectionSpec;
import io.syncmesh.protocol.registry.FieldPolicy;
import io.syncmesh.protocol.registry.OnDelete;

/** A change merged maxMerges times goes to a person instead of being merged again. */
class MergeLimitTest {

    private static final CollectionSpec SPEC = spec(Map.of("a", FieldPolicy.COUNTER, "b", FieldPolicy.CLIENT_WINS));

    private static MergeOutcome atAttempt(int attempt, Change change, EntitySnapshot base, EntitySnapshot remote,
            CollectionSpec spec) {
        return engine().merge(new MergeInput(change, DEVICE, RECEIVED_AT, attempt, base, remote), spec);
    }

    @Test
    void atTheLimitBothChangedFieldsGoToAPersonNamingTheirPolicies() {
        MergeOutcome.NeedsPerson item = person(atAttempt(5, update("{'a':2,'b':2,'c':2,'d':1}"),
                snapshot(1, "{'a':1,'b':1,'c':1,'d':1}"), snapshot(6, "{'a':3,'b':3,'c':1,'d':4}"), SPEC));

        assertThat(item.reason()).isEqualTo(MergeOutcome.NeedsPerson.MERGE_LIMIT);
        assertThat(item.conflicts()).containsExactly(
                new ConflictField("a", "counter", json("1"), json("2"), json("3"), "merge-limit"),
                new ConflictField("b", "client-wins", json("1"), json("2"), json("3"), "merge-limit"));
        assertThat(item.proposal()).isEqualTo(fields("{'c':2}"));
        assertThat(item.local()).isEqualTo(fields("{'a':2,'b':2,'c':2,'d':1}"));
    }

    @Test
    void belowTheLimitTheChangeIsMerged() {
        MergeOutcome out = atAttempt(4, update("{'a':2,'b':2}"), snapshot(1, "{'a':1,'b':1}"),
                snapshot(6, "{'a':3,'b':3}"), SPEC);

        assertThat(merged(out).change().fields()).isEqualTo(fields("{'a':4,'b':2}"));
    }

    @Test
    void aDeleteAtTheLimitGoesToAPerson() {
        MergeOutcome.NeedsPerson item = person(atAttempt(5, change(Op.DELETE, null), snapshot(1, "{'a':1}"),
                snapshot(6, "{'a':2}"), onDelete(OnDelete.DELETE_WINS)));

        assertThat(item.reason()).isEqualTo(MergeOutcome.NeedsPerson.MERGE_LIMIT);
        assertThat(item.conflicts()).isEmpty();
        assertThat(item.proposal()).isEmpty();
        assertThat(item.local()).isNull();
    }

    @Test
    void theLimitComesBeforeTheDeleteRules() {
        MergeOutcome.NeedsPerson item = person(atAttempt(7, update("{'a':2}"), snapshot(1, "{'a':1}"), tombstone(6),
                onDelete(OnDelete.DELETE_WINS)));

        assertThat(item.reason()).isEqualTo(MergeOutcome.NeedsPerson.MERGE_LIMIT);
        assertThat(item.local()).isEqualTo(fields("{'a':2}"));
    }
}
