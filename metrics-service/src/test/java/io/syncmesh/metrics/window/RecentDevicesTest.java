package io.syncmesh.metrics.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Distinct devices over a rolling 5-minute window: who reported, and who reported a change retried too often. */
class RecentDevicesTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static RecentDevices window() {
        return new RecentDevices(FIVE_MINUTES, 1000);
    }

    @Test
    void nothingReportedCountsNoDevices() {
        assertThat(window().count(T0)).isEqualTo(new DeviceCounts(0, 0));
    }

    @Test
    void everyDeviceThatReportedCountsOnceAndThoseWithARetriedChangeAreRetrying() {
        RecentDevices devices = window();
        devices.seen("t-1", "d-1", at(0), false);
        devices.seen("t-1", "d-2", at(10), true);
        devices.seen("t-1", "d-3", at(20), true);
        devices.seen("t-1", "d-4", at(30), false);

        assertThat(devices.count(at(60))).isEqualTo(new DeviceCounts(4, 2));
    }

    @Test
    void oneDeviceReportingManyTimesCountsOnce() {
        RecentDevices devices = window();
        for (int i = 0; i < 50; i++) {
            devices.seen("t-1", "d-1", at(i), true);
        }

        assertThat(devices.count(at(60))).isEqualTo(new DeviceCounts(1, 1));
    }

    @Test
    void theSameDeviceNameInTwoTenantsIsTwoDevices() {
        RecentDevices devices = window();
        devices.seen("t-1", "tablet", at(0), true);
        devices.seen("t-2", "tablet", at(0), true);

        assertThat(devices.count(at(1))).isEqualTo(new DeviceCounts(2, 2));
    }

    @Test
    void aReportCountsUntilItIsFiveMinutesOld() {
        RecentDevices devices = window();
        devices.seen("t-1", "d-1", at(0), true);
        devices.seen("t-1", "d-2", at(120), false);

        assertThat(devices.count(at(299))).isEqualTo(new DeviceCounts(2, 1));
        assertThat(devices.count(at(300))).isEqualTo(new DeviceCounts(1, 0));
        assertThat(devices.count(at(420))).isEqualTo(new DeviceCounts(0, 0));
    }

    @Test
    void aDeviceStaysRetryingForFiveMinutesAfterItsRetriedChangeEvenIfItReportsHealthyInBetween() {
        RecentDevices devices = window();
        devices.seen("t-1", "d-1", at(0), true);
        devices.seen("t-1", "d-1", at(200), false);

        assertThat(devices.count(at(299))).isEqualTo(new DeviceCounts(1, 1));
        assertThat(devices.count(at(300))).as("still reporting, no longer retrying")
                .isEqualTo(new DeviceCounts(1, 0));
    }

    @Test
    void aLateRecordOfAnEarlierReportDoesNotMoveADeviceBackInTime() {
        RecentDevices devices = window();
        devices.seen("t-1", "d-1", at(200), true);
        devices.seen("t-1", "d-1", at(0), false);

        assertThat(devices.count(at(400))).isEqualTo(new DeviceCounts(1, 1));
    }

    @Test
    void anExpiredDeviceThatReportsAgainCountsAgain() {
        RecentDevices devices = window();
        devices.seen("t-1", "d-1", at(0), true);
        assertThat(devices.count(at(400))).isEqualTo(new DeviceCounts(0, 0));

        devices.seen("t-1", "d-1", at(500), false);

        assertThat(devices.count(at(500))).isEqualTo(new DeviceCounts(1, 0));
    }

    @Test
    void atTheCapTheLeastRecentlyReportingDeviceIsDroppedForANewOne() {
        RecentDevices devices = new RecentDevices(FIVE_MINUTES, 3);
        devices.seen("t-1", "d-1", at(0), true);
        devices.seen("t-1", "d-2", at(1), false);
        devices.seen("t-1", "d-3", at(2), false);
        devices.seen("t-1", "d-2", at(3), false);
        devices.seen("t-1", "d-3", at(4), false);

        devices.seen("t-1", "d-4", at(5), false);

        assertThat(devices.count(at(6))).as("d-1 reported least recently: dropped with its retry")
                .isEqualTo(new DeviceCounts(3, 0));
    }

    @Test
    void aWindowThatIsNotPositiveOrACapBelowOneIsRefused() {
        assertThatThrownBy(() -> new RecentDevices(Duration.ZERO, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window");
        assertThatThrownBy(() -> new RecentDevices(FIVE_MINUTES, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDevices");
    }
}
