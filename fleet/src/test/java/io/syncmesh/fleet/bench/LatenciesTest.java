package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos = LongStream.rangeClosed(1, 100).map(ms -> ms * 1_000_000).toArray();

        Latencies latencies = Latencies.ofNanos(nanos);

        assertThat(latencies.samples()).isEqualTo(100);
        assertThat(latencies.p50Ms()).isEqualTo(50);
        assertThat(latencies.p95Ms()).isEqualTo(95);
        assertThat(latencies.p99Ms()).isEqualTo(99);
        assertThat(latencies.maxMs()).isEqualTo(100);
    }

    @Test
    void oneSampleIsEveryPercentile() {
        assertThat(Latencies.ofNanos(new long[]{7_500_000})).isEqualTo(new Latencies(1, 7.5, 7.5, 7.5, 7.5));
    }
}
