package io.syncmesh.conflict.merge;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

import io.syncmesh.conflict.merge.LwwClock.Stamp;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.CollectionSpec;

/** The three-way, per-field merge of an incoming change with the current entity (DESIGN.md section 6). */
public final class ThreeWayMerge {

    private final LwwClock clock;
    private final int maxMerges;

    /**
     * @param clockSkew
     *            how far before the receive time a device clock is still believed (last-writer-wins)
     * @param maxMerges
     *            how many times a change may be merged before it goes to a person
     */
    public ThreeWayMerge(Duration clockSkew, int maxMerges) {
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative: " + clockSkew);
        }
        if (maxMerges < 0) {
            throw new IllegalArgumentException("maxMerges must not be negative: " + maxMerges);
        }
        this.clock = new LwwClock(clockSkew);
        this.maxMerges = maxMerges;
    }

    /**
     * Merges the input's change with the remote entity. Pure: the outcome depends only on the arguments, not on the
     * order of their maps, a clock or chance.
     */
    public MergeOutcome merge(MergeInput input, CollectionSpec collection) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(collection, "collection");
        Change change = Objects.requireNonNull(input.change(), "change");
        EntitySnapshot remote = Objects.requireNonNull(input.remote(), "remote");
        if (change.op() == null) {
            throw new IllegalArgumentException("change " + change.changeId() + " has no op");
        }
        boolean atLimit = input.attempt() >= maxMerges;
        if (change.op() == Op.DELETE) {
            // The limit comes first: a delete merged too often goes to a person like any other change.
            return atLimit
                    ? Outcomes.person(MergeOutcome.NeedsPerson.MERGE_LIMIT, List.of(), new TreeMap<>(), null)
                    : DeleteRules.localDelete(change, remote, collection.onDelete());
        }
        MergeSides sides = MergeSides.of(input);
        Stamp localStamp = clock.local(change.clientTime(), input.receivedAt(), input.device());
        FieldMerger.Result fields = FieldMerger.merge(sides, collection, remote, localStamp, atLimit);
        if (atLimit) {
            return Outcomes.person(MergeOutcome.NeedsPerson.MERGE_LIMIT, fields.conflicts(), fields.patch(),
                    sides.local());
        }
        if (remote.deleted()) {
            return DeleteRules.remoteDeleted(change, remote, collection.onDelete(), sides.local());
        }
        if (!fields.conflicts().isEmpty()) {
            return Outcomes.person(MergeOutcome.NeedsPerson.FIELD_CONFLICT, fields.conflicts(), fields.patch(),
                    sides.local());
        }
        return Outcomes.update(change, remote, fields.patch(), fields.bothChanged());
    }
}
