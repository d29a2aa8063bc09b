package io.syncmesh.conflict.merge;

import static io.syncmesh.conflict.merge.MergeFixtures.DEVICE;
import static io.syncmesh.conflict.merge.MergeFixtures.RECEIVED_AT;
import static io.syncmesh.conflict.merge.MergeFixtures.change;
import static io.syncmesh.conflict.merge.MergeFixtures.engine;
import static io.syncmesh.conflict.merge.MergeFixtures.fields;
import static io.syncmesh.conflict.merge.MergeFixtures.merged;
import static io.syncmesh.conflict.merge.MergeFixtures.meta;
import static io.syncmesh.conflict.merge.MergeFixtures.snapshot;
import static io.syncmesh.conflict.merge.MergeFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.EntitySnapshot;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.registry.FieldPolicy;

/** Last-writer-wins: (time, device) comparison, clock clamping and the fallbacks for the remote write time. */
class LwwPolicyTest {

    private static final String LOCAL_WINS = "local";
    private static final String REMOTE_WINS = "remote";

    /** Which side's title survives when the local write was at clientTime and the remote one is as given. */
    private static String winner(Instant clientTime, Map<String, FieldMeta> remoteMeta, Instant updatedAt,
            String updatedBy) {
        Change local = new Change("chg-1", "notes", "ent-1", Op.UPDATE, 1L, fields("{'title':'local'}"), clientTime,
                42L, null);
        EntitySnapshot base = snapshot(1, "{'title':'base'}");
        EntitySnapshot remote = snapshot(2, "{'title':'remote'}", remoteMeta, updatedAt, updatedBy);
        MergeOutcome.Merged out = merged(
                engine().merge(new MergeInput(local, DEVICE, RECEIVED_AT, 0, base, remote), spec(FieldPolicy.LWW)));
        assertThat(out.bothChanged()).containsExactly("title");
        return out.change().fieldsOrEmpty().isEmpty() ? REMOTE_WINS : LOCAL_WINS;
    }

    private static String winnerAgainstMeta(Instant clientTime, String remoteDevice, Instant remoteTime) {
        return winner(clientTime, Map.of("title", meta(remoteDevice, remoteTime)), null, null);
    }

    @Test
    void theLaterLocalWriteWins() {
        assertThat(winnerAgainstMeta(RECEIVED_AT.minusSeconds(10), "dev-z", RECEIVED_AT.minusSeconds(20)))
                .isEqualTo(LOCAL_WINS);
    }

    @Test
    void theLaterRemoteWriteWins() {
        assertThat(winnerAgainstMeta(RECEIVED_AT.minusSeconds(20), "dev-a", RECEIVED_AT.minusSeconds(10)))
                .isEqualTo(REMOTE_WINS);
    }

    @Test
    void aTimeTieIsBrokenByTheGreaterDeviceId() {
        Instant same = RECEIVED_AT.minusSeconds(30);

        assertThat(winnerAgainstMeta(same, "dev-a", same)).isEqualTo(LOCAL_WINS); // "dev-b" > "dev-a"
        assertThat(winnerAgainstMeta(same, "dev-c", same)).isEqualTo(REMOTE_WINS);
    }

    @Test
    void aFullTieGoesToTheLocalSide() {
        Instant same = RECEIVED_AT.minusSeconds(30);

        assertThat(winnerAgainstMeta(same, DEVICE, same)).isEqualTo(LOCAL_WINS);
    }

    @Test
    void aClientClockAheadIsClampedToTheReceiveTime() {
        // Unclamped, the local write (a day ahead) would win; clamped it ties on time and loses on "dev-z" > "dev-b".
        assertThat(winnerAgainstMeta(RECEIVED_AT.plus(Duration.ofDays(1)), "dev-z", RECEIVED_AT))
                .isEqualTo(REMOTE_WINS);
        assertThat(winnerAgainstMeta(RECEIVED_AT.plus(Duration.ofDays(1)), "dev-z", RECEIVED_AT.minusMillis(1)))
                .isEqualTo(LOCAL_WINS);
    }

    @Test
    void aClientClockFarBehindIsClampedToTheReceiveTimeMinusTheSkew() {
        // A year behind would lose to a write 30 days ago; clamped to received-at minus 7 days it wins.
        assertThat(winnerAgainstMeta(RECEIVED_AT.minus(Duration.ofDays(365)), "dev-a",
                RECEIVED_AT.minus(Duration.ofDays(30)))).isEqualTo(LOCAL_WINS);
        // ... but still loses to a write after that bound.
        assertThat(winnerAgainstMeta(RECEIVED_AT.minus(Duration.ofDays(365)), "dev-a",
                RECEIVED_AT.minus(Duration.ofDays(6)))).isEqualTo(REMOTE_WINS);
    }

    @Test
    void aClientTimeWithinTheSkewIsBelieved() {
        assertThat(winnerAgainstMeta(RECEIVED_AT.minus(Duration.ofDays(5)), "dev-a",
                RECEIVED_AT.minus(Duration.ofDays(4)))).isEqualTo(REMOTE_WINS);
    }

    @Test
    void aMissingClientTimeCountsAsTheReceiveTime() {
        assertThat(winnerAgainstMeta(null, "dev-a", RECEIVED_AT.minusSeconds(1))).isEqualTo(LOCAL_WINS);
        assertThat(winnerAgainstMeta(null, "dev-a", RECEIVED_AT.plusSeconds(1))).isEqualTo(REMOTE_WINS);
    }

    @Test
    void withoutFieldMetaTheRemoteEntityUpdateTimeAndDeviceCount() {
        Instant local = RECEIVED_AT.minusSeconds(30);

        assertThat(winner(local, Map.of(), RECEIVED_AT.minusSeconds(10), "dev-a")).isEqualTo(REMOTE_WINS);
        assertThat(winner(local, Map.of(), RECEIVED_AT.minusSeconds(60), "dev-z")).isEqualTo(LOCAL_WINS);
        assertThat(winner(local, Map.of(), local, "dev-c")).isEqualTo(REMOTE_WINS);
        assertThat(winner(local, null, local, "dev-a")).isEqualTo(LOCAL_WINS);
    }

    @Test
    void metaOfAnotherFieldIsNotUsed() {
        Map<String, FieldMeta> otherField = Map.of("body", meta("dev-z", RECEIVED_AT));

        assertThat(winner(RECEIVED_AT.minusSeconds(30), otherField, RECEIVED_AT.minusSeconds(60), "dev-a"))
                .isEqualTo(LOCAL_WINS);
    }

    @Test
    void withoutAnyRemoteTimeTheRemoteWriteCountsAsTheEpoch() {
        assertThat(winner(RECEIVED_AT.minusSeconds(30), Map.of(), null, null)).isEqualTo(LOCAL_WINS);
    }

    @Test
    void theWinningLocalValueGoesIntoThePatch() {
        Change local = change(Op.UPDATE, "{'title':'mine'}");
        EntitySnapshot remote = snapshot(2, "{'title':'theirs'}",
                Map.of("title", meta("dev-a", RECEIVED_AT.minus(Duration.ofDays(1)))), null, null);

        MergeOutcome.Merged out = merged(engine().merge(
                new MergeInput(local, DEVICE, RECEIVED_AT, 0, snapshot(1, "{'title':'x'}"), remote),
                spec(FieldPolicy.LWW)));

        assertThat(out.change().fields()).isEqualTo(fields("{'title':'mine'}"));
    }
}
