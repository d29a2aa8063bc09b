package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ProcessMeterTest {

    @Test
    void heapInUseIsTheSumOfTheHeapPoolsOnly() {
        String text = """
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 2.5E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.0E7
                jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 5.0E8
                """;

        assertThat(ProcessMeter.sumHeapUsed(text)).isEqualTo(3.5e7);
    }

    @Test
    void theCpuOfThisJvmGrowsWhileItWorksAndThePeakHeapIsSampled() {
        long pid = ProcessHandle.current().pid();
        String metrics = "jvm_memory_used_bytes{area=\"heap\",id=\"x\"} 1234\n";
        try (ProcessMeter meter = ProcessMeter.start(List.of(new ProcessMeter.Measured("self", pid, () -> metrics),
                new ProcessMeter.Measured("no-metrics", pid, null)))) {
            long sum = 0;
            for (long i = 0; i < 300_000_000L; i++) {
                sum += i ^ (sum >>> 3);
            }
            assertThat(sum).isNotZero();

            List<ProcessMeter.Cost> costs = meter.costs();

            assertThat(costs).extracting(ProcessMeter.Cost::name).containsExactly("self", "no-metrics");
            assertThat(costs.get(0).cpuSeconds()).isPositive();
            assertThat(costs.get(0).peakHeapBytes()).isEqualTo(1234);
            assertThat(costs.get(1).peakHeapBytes()).isEqualTo(-1);
            // The heap in use has been touched, so it was resident at some point: the peak holds at least that.
            long heapInUse = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertThat(costs.get(0).peakResidentBytes()).isGreaterThan(Math.max(heapInUse, 16L << 20));
        }
    }

    @Test
    void peakResidentMemoryIsReadFromTheKernelsHighWaterMarkInKibibytes() {
        assertThat(PeakResident.parse(List.of("Name:\tjava", "VmPeak:\t 9000 kB", "VmHWM:\t  867024 kB",
                "VmRSS:\t 500 kB"))).isEqualTo(867_024L * 1024);
        assertThat(PeakResident.parse(List.of("Name:\tjava"))).isEqualTo(-1);
        assertThat(PeakResident.bytesOf(Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void aCpuOnlyMeterNeverScrapesTheMetrics() {
        long pid = ProcessHandle.current().pid();
        try (ProcessMeter meter = ProcessMeter.cpuOnly(List.of(new ProcessMeter.Measured("self", pid, () -> {
            throw new AssertionError("scraped");
        })))) {
            List<ProcessMeter.Cost> costs = meter.costs();

            assertThat(costs.get(0).cpuSeconds()).isNotNegative();
            assertThat(costs.get(0).peakHeapBytes()).isEqualTo(-1);
        }
    }
}
