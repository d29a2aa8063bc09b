package io.syncmesh.fleet;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;

/**
 * Judges a finished run from what the devices did and were told (their journals), their final local state, and the
 * server's state (as a device that only pulls sees it).
 */
public final class Checker {

    private static final int MAX_EXAMPLES = 20;

    private Checker() {
    }

    /** A device's final view: collection to entity id to fields. */
    public record DeviceView(String device, Map<String, Map<String, Map<String, JsonNode>>> view) {
    }

    public static CheckResult check(List<DeviceJournal> journals, List<DeviceView> devices,
            Map<String, Map<String, Map<String, JsonNode>>> server) {
        List<String> examples = new ArrayList<>();
        int changes = 0;
        int lost = 0;
        int duplicated = 0;
        int multipleOutcomes = 0;
        int reordered = 0;
        Map<String, Long> increments = new HashMap<>();
        Map<String, Long> priorities = new HashMap<>();
        Map<ReceiptStatus, Integer> byOutcome = new EnumMap<>(ReceiptStatus.class);
        for (DeviceJournal journal : journals) {
            Map<String, TreeMap<Long, Long>> versionsBySeq = new HashMap<>();
            for (DeviceJournal.Written written : journal.written()) {
                changes++;
                String changeId = written.change().changeId();
                List<Receipt> receipts = journal.receiptsOf(changeId);
                Set<ReceiptStatus> outcomes = new HashSet<>();
                Set<Long> versions = new HashSet<>();
                for (Receipt receipt : receipts) {
                    ReceiptStatus outcome = receipt.outcome();
                    if (outcome != null && outcome != ReceiptStatus.PENDING) {
                        outcomes.add(outcome);
                        if (receipt.version() != null && effective(outcome)) {
                            versions.add(receipt.version());
                        }
                    }
                }
                if (outcomes.isEmpty()) {
                    lost++;
                    example(examples, "lost: change " + changeId + " of " + journal.device() + " has no outcome");
                    continue;
                }
                if (outcomes.size() > 1) {
                    multipleOutcomes++;
                    example(examples, "change " + changeId + " was told " + outcomes);
                }
                if (versions.size() > 1) {
                    duplicated++;
                    example(examples, "change " + changeId + " applied at versions " + versions);
                }
                ReceiptStatus outcome = outcomes.iterator().next();
                byOutcome.merge(outcome, 1, Integer::sum);
                String entity = written.change().collection() + "/" + written.change().entityId();
                if (effective(outcome) && !versions.isEmpty()) {
                    versionsBySeq.computeIfAbsent(entity, e -> new TreeMap<>())
                            .put(written.change().deviceSeq(), versions.iterator().next());
                    increments.merge(entity, written.increment(), Long::sum);
                    priorities.merge(entity, written.priority(), Math::max);
                }
            }
            for (Map.Entry<String, TreeMap<Long, Long>> entity : versionsBySeq.entrySet()) {
                long last = 0;
                for (long version : entity.getValue().values()) {
                    if (version <= last) {
                        reordered++;
                        example(examples, journal.device() + "'s changes of " + entity.getKey()
                                + " took effect out of order: " + entity.getValue());
                        break;
                    }
                    last = version;
                }
            }
        }
        int diverged = 0;
        for (DeviceView device : devices) {
            if (!device.view().equals(server)) {
                diverged++;
                example(examples, device.device() + " differs from the server");
            }
        }
        int policyViolations = policyViolations(server, increments, priorities, examples);
        return new CheckResult(changes, Map.copyOf(byOutcome), lost, duplicated, multipleOutcomes, reordered, diverged,
                policyViolations, List.copyOf(examples));
    }

    /** Shared tasks: the counter is the sum of applied increments, the priority the largest applied value. */
    private static int policyViolations(Map<String, Map<String, Map<String, JsonNode>>> server,
            Map<String, Long> increments, Map<String, Long> priorities, List<String> examples) {
        int violations = 0;
        for (Map.Entry<String, Map<String, JsonNode>> task : server.getOrDefault(SimulatedDevice.SHARED, Map.of())
                .entrySet()) {
            String key = SimulatedDevice.SHARED + "/" + task.getKey();
            long spent = task.getValue().get("minutesSpent").asLong();
            long priority = task.getValue().get("priority").asLong();
            long expectedSpent = increments.getOrDefault(key, 0L);
            long expectedPriority = priorities.getOrDefault(key, 0L);
            if (spent != expectedSpent || priority != expectedPriority) {
                violations++;
                example(examples, key + ": minutesSpent " + spent + " (applied increments sum to " + expectedSpent
                        + "), priority " + priority + " (largest applied " + expectedPriority + ")");
            }
        }
        return violations;
    }

    private static boolean effective(ReceiptStatus outcome) {
        return outcome == ReceiptStatus.APPLIED || outcome == ReceiptStatus.MERGED;
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(example);
        }
    }
}
