package io.syncmesh.fleet.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.syncmesh.devstack.PrometheusText;

/**
 * What the mesh's processes cost during a measured stretch: CPU time per process (from the operating system, so JIT and
 * GC threads count) and, when asked, for the services that serve Micrometer metrics, the peak of the heap in use,
 * sampled every {@link #HEAP_SAMPLE_EVERY}. A scrape costs the service a few milliseconds of CPU (its Kafka clients'
 * metrics are many), which lands in the very CPU figures measured here: hence a sample every two seconds, and none at
 * all in a meter that only counts CPU.
 */
public final class ProcessMeter implements AutoCloseable {

    /** A process to measure; {@code metrics} scrapes its Prometheus text, or is null when it has none. */
    public record Measured(String name, long pid, Supplier<String> metrics) {
    }

    /**
     * A process's cost over the stretch; peak heap is -1 when the process has no metrics endpoint. Peak resident memory
     * is over the process's whole life, -1 where the operating system does not tell.
     */
    public record Cost(String name, double cpuSeconds, long peakHeapBytes, long peakResidentBytes) {
    }

    static final Duration HEAP_SAMPLE_EVERY = Duration.ofSeconds(2);

    private final List<Measured> processes;
    private final boolean samplesHeaps;
    private final Map<String, Duration> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Long> peakHeap = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-heap-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private ProcessMeter(List<Measured> processes, boolean samplesHeaps) {
        this.processes = List.copyOf(processes);
        this.samplesHeaps = samplesHeaps;
        processes.forEach(p -> cpuAtStart.put(p.name(), cpu(p.pid())));
    }

    /** Starts measuring CPU and sampling heaps now. */
    public static ProcessMeter start(List<Measured> processes) {
        ProcessMeter meter = new ProcessMeter(processes, true);
        meter.sampler.scheduleAtFixedRate(meter::sampleHeaps, 0, HEAP_SAMPLE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        return meter;
    }

    /** Starts measuring CPU now, without heap samples (their peaks are -1). */
    public static ProcessMeter cpuOnly(List<Measured> processes) {
        return new ProcessMeter(processes, false);
    }

    /** The cost of each process since it started. */
    public List<Cost> costs() {
        if (samplesHeaps) {
            sampleHeaps();
        }
        List<Cost> costs = new ArrayList<>();
        for (Measured process : processes) {
            Duration used = cpu(process.pid()).minus(cpuAtStart.get(process.name()));
            costs.add(new Cost(process.name(), used.toNanos() / 1e9, peakHeap.getOrDefault(process.name(), -1L),
                    PeakResident.bytesOf(process.pid())));
        }
        return costs;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    private void sampleHeaps() {
        for (Measured process : processes) {
            if (process.metrics() == null) {
                continue;
            }
            try {
                long used = (long) sumHeapUsed(process.metrics().get());
                peakHeap.merge(process.name(), used, Math::max);
            } catch (RuntimeException unavailable) {
                // A missed sample (the service is busy or restarting) only makes the peak less exact.
            }
        }
    }

    /** {@code jvm_memory_used_bytes} over the heap's pools. */
    static double sumHeapUsed(String prometheusText) {
        return PrometheusText.sum(prometheusText, "jvm_memory_used_bytes", Map.of("area", "heap"));
    }

    private static Duration cpu(long pid) {
        Optional<Duration> total = ProcessHandle.of(pid).flatMap(handle -> handle.info().totalCpuDuration());
        return total.orElseThrow(() -> new IllegalStateException("no CPU time for pid " + pid
                + " (gone, or not readable)"));
    }
}
