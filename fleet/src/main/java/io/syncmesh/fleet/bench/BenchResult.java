package io.syncmesh.fleet.bench;

import java.util.Map;

/**
 * What {@code bench.json} holds: the machine, the settings, R1 to R4, each process's cost and the noisy neighbour (null
 * when skipped). Every ratio is of two figures measured in the same run.
 */
public record BenchResult(String at, Machine machine, Settings settings, Comparison r1, Comparison r2,
        Map<String, LatencyAt> r3, Map<String, Spread> r4, Map<String, PullLatency.At> pull,
        Map<String, ProcessCost> processes, NoisyNeighbour.Result noisyNeighbour) {

    public record Machine(int cores, String java, String os, double loadAverageAtStart, double loadAverageAtEnd) {
    }

    public record Settings(int changesPerRound, int warmupChanges, int rounds, int clients, int batch,
            int titleChars, int ingestChangesPerRound, int ingestRecordBytes, int latencySeconds, String kafkaTools,
            int changesPartitions) {
    }

    /** A side of the mesh against its raw baseline; the target is on the ratio of the medians. */
    public record Comparison(String what, String unit, Spread mesh, Spread baseline, double ratioOfMedians,
            double target) {

        static Comparison of(String what, String unit, Spread mesh, Spread baseline, double target) {
            return new Comparison(what, unit, mesh, baseline, mesh.ratioTo(baseline), target);
        }

        public boolean met() {
            return ratioOfMedians >= target;
        }
    }

    /** Push-to-visible latency at a fixed rate, a fraction of R1's median. */
    public record LatencyAt(double fractionOfMaximum, double changesPerSecond, Latencies latency, double p99TargetMs) {

        public boolean met() {
            return p99TargetMs <= 0 || latency.p99Ms() <= p99TargetMs;
        }
    }

    /**
     * CPU per 1,000 changes over the mesh's R1 rounds; peak heap in use over the run (null without metrics); peak
     * resident memory of the process (null where the operating system does not tell).
     */
    public record ProcessCost(Spread cpuSecondsPer1000Changes, Double peakHeapMiB, Double peakResidentMiB) {

        public boolean withinHeap(double limitMiB) {
            return peakHeapMiB == null || peakHeapMiB <= limitMiB;
        }
    }
}
