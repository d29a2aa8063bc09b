package io.syncmesh.fleet;

import java.util.List;
import java.util.Map;

import io.syncmesh.protocol.ReceiptStatus;

/**
 * The checker's verdict on a run, one count per guarantee (DESIGN.md section 1), and up to 20 examples of what broke.
 *
 * @param changes
 *            changes the devices wrote
 * @param outcomes
 *            how many changes ended in each final outcome (applied, merged, conflict, rejected)
 * @param lost
 *            written changes without any final outcome
 * @param duplicated
 *            changes applied at more than one version
 * @param multipleOutcomes
 *            changes told two different final outcomes
 * @param reordered
 *            (device, entity) pairs whose changes took effect out of the order they were written
 * @param diverged
 *            devices whose state differs from the server's
 * @param policyViolations
 *            shared tasks whose counter is not the sum of the applied increments or whose priority is not the maximum
 *            applied
 */
public record CheckResult(int changes, Map<ReceiptStatus, Integer> outcomes, int lost, int duplicated,
        int multipleOutcomes, int reordered, int diverged,
        int policyViolations, List<String> examples) {

    /** How many changes ended in {@code outcome}. */
    public int count(ReceiptStatus outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    public boolean passed() {
        return lost == 0 && duplicated == 0 && multipleOutcomes == 0 && reordered == 0 && diverged == 0
                && policyViolations == 0;
    }
}
