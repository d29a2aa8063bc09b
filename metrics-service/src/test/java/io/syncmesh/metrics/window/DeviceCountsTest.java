package io.syncmesh.metrics.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The share of retrying devices is a share of the fleet only once enough devices are retrying. */
class DeviceCountsTest {

    @Test
    void theShareIsRetryingOverReportingOnceAtLeastTheMinimumAreRetrying() {
        assertThat(new DeviceCounts(20, 3).retryingShare(3)).isEqualTo(0.15);
        assertThat(new DeviceCounts(4, 4).retryingShare(3)).isEqualTo(1.0);
    }

    @Test
    void belowTheMinimumTheShareIsZeroHoweverLargeItWouldBe() {
        assertThat(new DeviceCounts(1, 1).retryingShare(3)).isZero();
        assertThat(new DeviceCounts(2, 2).retryingShare(3)).isZero();
        assertThat(new DeviceCounts(20, 2).retryingShare(3)).isZero();
    }

    @Test
    void noDevicesGiveAShareOfZeroNotNaN() {
        assertThat(new DeviceCounts(0, 0).retryingShare(0)).isZero();
    }

    @Test
    void moreRetryingThanReportingOrNegativeCountsAreRefused() {
        assertThatThrownBy(() -> new DeviceCounts(2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceCounts(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
