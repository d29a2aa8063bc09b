package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.PushRequest;
import io.syncmesh.protocol.SyncJson;

class WorkloadTest {

    @Test
    void createsComeInFullBatchesAndALastSmallerOneWithUniqueIds() {
        Workload workload = Workload.creates("t", 250, 100, 10, 1);

        assertThat(workload.sends()).extracting(batch -> batch.changes().size()).containsExactly(100, 100, 50);
        assertThat(workload.sends()).extracting(Workload.Batch::device).containsExactly("bench-device-0",
                "bench-device-1", "bench-device-2");
        assertThat(Workload.creates("t", 1000, 10, 1, 1).sends().stream().map(Workload.Batch::device).distinct()
                .count()).isEqualTo(Workload.DEVICES);
        assertThat(workload.changes()).isEqualTo(250);
        assertThat(workload.sends().stream().flatMap(b -> b.changes().stream()).map(BenchChange::entityId)
                .distinct().count()).isEqualTo(250);
    }

    @Test
    void theSameSeedGivesTheSameWorkload() {
        assertThat(Workload.creates("t", 20, 7, 5, 42)).isEqualTo(Workload.creates("t", 20, 7, 5, 42));
        assertThat(Workload.creates("t", 20, 7, 5, 42)).isNotEqualTo(Workload.creates("t", 20, 7, 5, 43));
    }

    @Test
    void aBatchIsAPushBodyOfValidChanges() {
        Workload workload = Workload.withConcurrentEdits("t", 40, 0.5, 10, 64, 7);

        for (Workload.Batch batch : workload.sends()) {
            PushRequest push = SyncJson.read(batch.pushBody(), PushRequest.class);
            assertThat(push.changes()).hasSameSizeAs(batch.changes());
            for (Change change : push.changes()) {
                assertThat(new ChangeValidator().validate(change)).isEmpty();
                assertThat(change.op()).isIn(Op.CREATE, Op.UPDATE);
            }
        }
    }

    @Test
    void concurrentEditsAreTwoUpdatesOfEachEditedNoteOnVersionOneFromTwoDevicesAmongCreates() {
        Workload notes = Workload.editedNotes("t", 1000, 0.1, 100, 1);
        Workload workload = Workload.withConcurrentEdits("t", 1000, 0.1, 100, 16, 1);

        assertThat(notes.changes()).isEqualTo(50);
        assertThat(workload.changes()).isEqualTo(1000);
        Map<String, List<String>> editors = new HashMap<>();
        int creates = 0;
        for (Workload.Batch batch : workload.sends()) {
            for (BenchChange change : batch.changes()) {
                if (change.isCreate()) {
                    creates++;
                } else {
                    assertThat(change.baseVersion()).isEqualTo(1);
                    editors.computeIfAbsent(change.entityId(), k -> new java.util.ArrayList<>()).add(batch.device()
                            + ":" + change.field());
                }
            }
        }
        assertThat(creates).isEqualTo(900);
        assertThat(editors.keySet()).containsExactlyInAnyOrderElementsOf(notes.sends().stream()
                .flatMap(b -> b.changes().stream()).map(BenchChange::entityId).toList());
        assertThat(editors.values()).allSatisfy(edits -> assertThat(edits).containsExactlyInAnyOrder(
                Workload.EDITOR_A + ":title", Workload.EDITOR_B + ":color"));
        // The editors' pushes are spread among the creates, not all at one end.
        int firstEdit = indexOfFirst(workload, Workload.EDITOR_A);
        assertThat(firstEdit).isPositive().isLessThan(workload.sends().size() - 2);
    }

    @Test
    void replaysSendAFractionOfTheBatchesTwiceWithoutAddingChanges() {
        Workload plain = Workload.creates("t", 1000, 10, 8, 3);

        Workload replayed = plain.withReplays(0.2, 3);

        assertThat(replayed.sends()).hasSize(120);
        assertThat(replayed.changes()).isEqualTo(1000);
        assertThat(replayed.changeIds()).isEqualTo(plain.changeIds());
        assertThat(replayed.sends().stream().distinct().count()).isEqualTo(100);
    }

    @Test
    void theTitleLengthForAChangeSizeGivesThatSize() {
        int chars = Workload.titleCharsFor(1024);

        assertThat(Workload.creates("t", 3, 3, chars, 9).sends().get(0).changes())
                .allSatisfy(change -> assertThat(change.json()).hasSize(1024));
    }

    private static int indexOfFirst(Workload workload, String device) {
        for (int i = 0; i < workload.sends().size(); i++) {
            if (workload.sends().get(i).device().equals(device)) {
                return i;
            }
        }
        return -1;
    }
}
