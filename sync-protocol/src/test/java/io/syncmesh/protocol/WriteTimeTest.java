package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The time a write counts as made: the device clock, clamped to the server's receive time. */
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
}
