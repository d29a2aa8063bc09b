package io.syncmesh.conflict.intake;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.syncmesh.conflict.config.ConflictConfig;
import io.syncmesh.conflict.merge.MergeInput;
import io.syncmesh.conflict.merge.MergeOutcome;
import io.syncmesh.conflict.merge.MergeOutcome.Merged;
import io.syncmesh.conflict.merge.MergeOutcome.NeedsPerson;
import io.syncmesh.conflict.merge.ThreeWayMerge;
import io.syncmesh.conflict.queue.ManualItem;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ReceiptCodes;
import io.syncmesh.protocol.Verdict;
import io.syncmesh.protocol.registry.CollectionRegistry;
import io.syncmesh.protocol.registry.CollectionSpec;
import io.syncmesh.support.logging.ExceptionOrigin;

/**
 * Decides the answer to a conflict event: the merged change, or a manual item and the {@code manual} verdict, or a
 * rejection when the collection is no longer declared. Reads no store and sends nothing.
 */
@ApplicationScoped
public class ConflictDecider {

    /** Why an item exists when the merge itself failed (a bug): a person sees it instead of the change being lost. */
    public static final String MERGE_FAILED = "merge-failed";

    private static final Logger LOG = Logger.getLogger(ConflictDecider.class);

    /**
     * The answer to send back, the item to store with it (null unless a person must decide), and the fields both sides
     * changed with their policies (for the per-field conflict metrics).
     */
    public record Decision(ChangeEnvelope answer, ManualItem item, String outcome, Map<String, String> fields) {
    }

    private final CollectionRegistry registry;
    private final ThreeWayMerge merge;

    @Inject
    public ConflictDecider(CollectionRegistry registry, ConflictConfig config) {
        this.registry = registry;
        this.merge = new ThreeWayMerge(registry.clockSkew(), config.maxMerges());
    }

    public Decision decide(ConflictEvent event, Instant now) {
        ChangeEnvelope envelope = event.envelope();
        Optional<CollectionSpec> collection = registry.find(envelope.change().collection());
        if (collection.isEmpty()) {
            return new Decision(envelope.returning(envelope.change(), Verdict.REJECT, null,
                    ReceiptCodes.UNKNOWN_COLLECTION), null, "rejected", Map.of());
        }
        MergeOutcome outcome = mergeSafely(event, collection.get());
        if (outcome instanceof Merged merged) {
            // A resolution that had to be merged still names the item it decides (its receipt carries it).
            Map<String, String> fields = new TreeMap<>();
            merged.bothChanged().forEach(field -> fields.put(field, collection.get().policyOf(field).wire()));
            return new Decision(envelope.returning(merged.change(), Verdict.MERGED, envelope.conflictId(), null)
                    .withConflictFields(fields), null, "merged", fields);
        }
        NeedsPerson person = (NeedsPerson) outcome;
        ManualItem item = ManualItem.open(event, person, now);
        Map<String, String> fields = new TreeMap<>();
        person.conflicts().forEach(field -> fields.put(field.field(), field.policy()));
        return new Decision(envelope.returning(envelope.change(), Verdict.MANUAL, item.id, null)
                .withConflictFields(fields), item, "manual", fields);
    }

    private MergeOutcome mergeSafely(ConflictEvent event, CollectionSpec collection) {
        try {
            return merge.merge(MergeInput.of(event), collection);
        } catch (RuntimeException e) {
            LOG.errorf("merge of change %s (tenant %s, attempt %d) failed with %s; it goes to the manual queue",
                    event.envelope().change().changeId(), event.envelope().tenant(), event.envelope().attempt(),
                    ExceptionOrigin.describe(e));
            return new NeedsPerson(MERGE_FAILED, List.of(), Map.of(), null);
        }
    }
}
