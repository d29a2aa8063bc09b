package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * The time a write counts as made: the device clock, clamped to the server's receive time, and with a clock skew no
 * earlier than that skew before it.
 */
class WriteTimeTest {

    private static final Instant RECEIVED_AT = Instant.parse("2025-03-14T09:12:01Z");

    @Test
    void aDeviceClockBehindTheServerIsTakenAsItIs() {
        Instant clientTime = RECEIVED_AT.minusSeconds(3600);

        assertThat(WriteTime.effective(clientTime, RECEIVED_AT)).isEqualTo(clientTime);
    }

    @Test
    void aDeviceClockAheadOfTheServerIsClampedToTheReceiveTime() {
        assertThat(WriteTime.effective(RECEIVED_AT.plusSeconds(86_400), RECEIVED_AT)).isEqualTo(RECEIVED_AT);
    }

    @Test
    void aChangeWithoutClientTimeCountsAsWrittenWhenReceived() {
        assertThat(WriteTime.effective(null, RECEIVED_AT)).isEqualTo(RECEIVED_AT);
    }

    @Test
    void aClientTimeEqualToTheReceiveTimeIsKept() {
        assertThat(WriteTime.effective(RECEIVED_AT, RECEIVED_AT)).isEqualTo(RECEIVED_AT);
    }

    // ---------------------------------------------------------------- with the registry's clock skew

    private static final Duration SKEW = Duration.ofDays(7);

    @Test
    void aDeviceClockFarBehindIsClampedToTheSkewBeforeTheReceiveTime() {
        Instant yearsBehind = Instant.parse("2019-01-01T00:00:00Z");

        assertThat(WriteTime.effective(yearsBehind, RECEIVED_AT, SKEW)).isEqualTo(RECEIVED_AT.minus(SKEW));
    }

    @Test
    void aDeviceClockOneSecondBeyondTheSkewIsClamped() {
        Instant justBeyond = RECEIVED_AT.minus(SKEW).minusSeconds(1);

        assertThat(WriteTime.effective(justBeyond, RECEIVED_AT, SKEW)).isEqualTo(RECEIVED_AT.minus(SKEW));
    }

    @Test
    void aDeviceClockBehindWithinTheSkewIsTakenAsItIs() {
        Instant sixDaysBehind = RECEIVED_AT.minus(Duration.ofDays(6));

        assertThat(WriteTime.effective(sixDaysBehind, RECEIVED_AT, SKEW)).isEqualTo(sixDaysBehind);
    }

    @Test
    void aDeviceClockExactlyTheSkewBehindIsTakenAsItIs() {
        Instant atTheEdge = RECEIVED_AT.minus(SKEW);

        assertThat(WriteTime.effective(atTheEdge, RECEIVED_AT, SKEW)).isEqualTo(atTheEdge);
    }

    @Test
    void aDeviceClockAheadIsStillClampedToTheReceiveTimeWithASkew() {
        assertThat(WriteTime.effective(RECEIVED_AT.plus(Duration.ofDays(30)), RECEIVED_AT, SKEW))
                .isEqualTo(RECEIVED_AT);
    }

    @Test
    void aChangeWithoutClientTimeCountsAsWrittenWhenReceivedWithASkew() {
        assertThat(WriteTime.effective(null, RECEIVED_AT, SKEW)).isEqualTo(RECEIVED_AT);
    }

    @Test
    void withoutASkewAClockFarBehindIsNotClamped() {
        Instant yearsBehind = Instant.parse("2019-01-01T00:00:00Z");

        assertThat(WriteTime.effective(yearsBehind, RECEIVED_AT, null)).isEqualTo(yearsBehind);
    }

    @Test
    void aZeroSkewPinsAnyClockBehindToTheReceiveTime() {
        assertThat(WriteTime.effective(RECEIVED_AT.minusSeconds(1), RECEIVED_AT, Duration.ZERO))
                .isEqualTo(RECEIVED_AT);
    }
}
