package io.syncmesh.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;

/** The checker catches each broken guarantee, and passes a run that broke none. */
class CheckerTest {

    private static final String TASK = "shared-0";

    private static Change update(String id, long seq, Map<String, JsonNode> fields) {
        return new Change(id, "tasks", TASK, Op.UPDATE, 1L, fields, Instant.EPOCH, seq, List.of());
    }

    private static Map<String, Map<String, Map<String, JsonNode>>> server(long spent, long priority) {
        return Map.of("notes", Map.of(), "tasks", Map.of(TASK, Map.of("minutesSpent", LongNode.valueOf(spent),
                "priority", LongNode.valueOf(priority))));
    }

    /** dev-a adds 3 (priority 2) at version 2, then 4 (priority 5) at version 3. */
    private static DeviceJournal goodJournal() {
        DeviceJournal journal = new DeviceJournal("dev-a");
        journal.wrote(update("c1", 1, Map.of("minutesSpent", LongNode.valueOf(3))), 3, 2);
        journal.wrote(update("c2", 2, Map.of("minutesSpent", LongNode.valueOf(7))), 4, 5);
        journal.received(Receipt.applied("c1", "tasks", TASK, 2));
        journal.received(Receipt.pending("c2", "tasks", TASK));
        journal.received(Receipt.merged("c2", "tasks", TASK, 3));
        journal.received(Receipt.merged("c2", "tasks", TASK, 3).asDuplicate());
        return journal;
    }

    private static CheckResult check(DeviceJournal journal, Map<String, Map<String, Map<String, JsonNode>>> server) {
        return Checker.check(List.of(journal), List.of(new Checker.DeviceView("dev-a", server)), server);
    }

    @Test
    void aRunThatKeptEveryGuaranteePasses() {
        CheckResult result = check(goodJournal(), server(7, 5));

        assertThat(result.passed()).isTrue();
        assertThat(result.changes()).isEqualTo(2);
        assertThat(result.count(ReceiptStatus.APPLIED)).isEqualTo(1);
        assertThat(result.count(ReceiptStatus.MERGED)).as("a duplicate counts as its original outcome").isEqualTo(1);
        assertThat(result.examples()).isEmpty();
    }

    @Test
    void aChangeWithoutAnyFinalOutcomeIsLost() {
        DeviceJournal journal = goodJournal();
        journal.wrote(update("c3", 3, Map.of("title", TextNode.valueOf("x"))), 0, 0);
        journal.received(Receipt.pending("c3", "tasks", TASK));

        CheckResult result = check(journal, server(7, 5));

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void aChangeAppliedAtTwoVersionsIsDuplicated() {
        DeviceJournal journal = goodJournal();
        journal.received(Receipt.applied("c1", "tasks", TASK, 4));

        assertThat(check(journal, server(7, 5)).duplicated()).isEqualTo(1);
    }

    @Test
    void aChangeToldTwoDifferentOutcomesIsCaught() {
        DeviceJournal journal = goodJournal();
        journal.received(Receipt.rejected("c1", "tasks", TASK, "not-found"));

        assertThat(check(journal, server(7, 5)).multipleOutcomes()).isEqualTo(1);
    }

    @Test
    void changesThatTookEffectOutOfTheirOrderAreCaught() {
        DeviceJournal journal = new DeviceJournal("dev-a");
        journal.wrote(update("c1", 1, Map.of()), 3, 2);
        journal.wrote(update("c2", 2, Map.of()), 4, 5);
        journal.received(Receipt.applied("c1", "tasks", TASK, 3));
        journal.received(Receipt.applied("c2", "tasks", TASK, 2));

        assertThat(check(journal, server(7, 5)).reordered()).isEqualTo(1);
    }

    @Test
    void aDeviceThatDiffersFromTheServerDiverged() {
        CheckResult result = Checker.check(List.of(goodJournal()),
                List.of(new Checker.DeviceView("dev-a", server(7, 5)), new Checker.DeviceView("dev-b", server(6, 5))),
                server(7, 5));

        assertThat(result.diverged()).isEqualTo(1);
        assertThat(result.examples()).anyMatch(example -> example.contains("dev-b"));
    }

    @Test
    void aCounterThatIsNotTheSumOfAppliedIncrementsBreaksThePolicy() {
        assertThat(check(goodJournal(), server(10, 5)).policyViolations()).as("an increment counted twice")
                .isEqualTo(1);
        assertThat(check(goodJournal(), server(7, 2)).policyViolations()).as("max not kept").isEqualTo(1);
    }
}
