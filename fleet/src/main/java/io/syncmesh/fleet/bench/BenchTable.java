package io.syncmesh.fleet.bench;

import java.util.Locale;

/** The benchmark's result as the table printed at the end of a run. */
public final class BenchTable {

    /** The heap each service must stay within at maximum load (issue 9). */
    static final double HEAP_LIMIT_MIB = 512;

    private BenchTable() {
    }

    public static String render(BenchResult result) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "%n%-36s %12s %12s %12s %7s %s%n", "throughput", "median", "min", "max",
                "ratio", "target"));
        comparison(t, "R1 applied/s, mesh end to end", "R1 applied/s, raw JDBC", result.r1());
        comparison(t, "R2 accepted/s, gateway", "R2 records/s, ProducerPerformance", result.r2());
        t.append(String.format(Locale.ROOT, "%n%-36s %12s %12s %12s%n", "R4 cost, throughput ratio to 0%",
                "median", "min", "max"));
        result.r4().forEach((name, spread) -> t.append(String.format(Locale.ROOT, "%-36s %12.2f %12.2f %12.2f%n",
                name, spread.median(), spread.min(), spread.max())));
        t.append(String.format(Locale.ROOT, "%n%-36s %10s %9s %9s %9s %9s %s%n", "R3 push-to-visible", "changes/s",
                "p50 ms", "p95 ms", "p99 ms", "max ms", "target"));
        result.r3().forEach((name, at) -> t.append(String.format(Locale.ROOT,
                "%-36s %,10.0f %9.1f %9.1f %9.1f %9.1f %s%n", name, at.changesPerSecond(), at.latency().p50Ms(),
                at.latency().p95Ms(), at.latency().p99Ms(), at.latency().maxMs(),
                at.p99TargetMs() <= 0 ? "-" : (at.met() ? "p99 <= " : "MISSED p99 <= ") + at.p99TargetMs())));
        t.append(String.format(Locale.ROOT, "%n%-20s %7s %10s %11s %11s %9s %14s %14s%n", "pull", "pages",
                "snapshot s", "page p50", "page p99", "429s", "10 new p50 ms", "10 new p99 ms"));
        result.pull().forEach((name, at) -> t.append(String.format(Locale.ROOT,
                "%-20s %7d %10.1f %11.1f %11.1f %9d %14.1f %14.1f%n", name, at.snapshotPages(), at.snapshotSeconds(),
                at.snapshotPage().p50Ms(), at.snapshotPage().p99Ms(), at.throttled(), at.incremental().p50Ms(),
                at.incremental().p99Ms())));
        if (result.noisyNeighbour() != null) {
            noisyNeighbour(t, result.noisyNeighbour());
        }
        t.append(String.format(Locale.ROOT, "%n%-36s %12s %12s %12s %12s %12s%n", "process (R1 rounds)", "CPU s/1k",
                "min", "max", "peak heap", "peak RSS"));
        result.processes().forEach((name, cost) -> t.append(String.format(Locale.ROOT,
                "%-36s %12.3f %12.3f %12.3f %12s %12s%n", name, cost.cpuSecondsPer1000Changes().median(),
                cost.cpuSecondsPer1000Changes().min(), cost.cpuSecondsPer1000Changes().max(),
                cost.peakHeapMiB() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f MiB%s", cost.peakHeapMiB(),
                                cost.withinHeap(HEAP_LIMIT_MIB) ? "" : " (over 512)"),
                cost.peakResidentMiB() == null
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f MiB", cost.peakResidentMiB()))));
        return t.toString();
    }

    private static void noisyNeighbour(StringBuilder t, NoisyNeighbour.Result n) {
        t.append(String.format(Locale.ROOT, "%n%-36s %7s %9s %9s %9s %7s %s%n",
                "noisy neighbour, tenant rate " + n.tenantRate() + "/s", "pushes", "p50 ms", "p95 ms", "p99 ms",
                "ratio", "target"));
        t.append(String.format(Locale.ROOT, "%-36s %7d %9.1f %9.1f %9.1f%n",
                "quiet tenant (" + n.quietPushesPerSecond() + "/s) alone", n.alone().samples(), n.alone().p50Ms(),
                n.alone().p95Ms(), n.alone().p99Ms()));
        t.append(String.format(Locale.ROOT, "%-36s %7d %9.1f %9.1f %9.1f %7.2f %s%n",
                "beside a flood of " + n.floodPushesPerSecond() + "/s", n.beside().samples(), n.beside().p50Ms(),
                n.beside().p95Ms(), n.beside().p99Ms(), n.p99Ratio(),
                (n.met() ? "p99 ratio <= " : "MISSED p99 ratio <= ") + n.p99RatioTarget()));
        // The answers a second tell whether the flood reached its offered rate: a loaded machine may not send it.
        int floodAnswered = n.floodAnswers().values().stream().mapToInt(Integer::intValue).sum();
        t.append(String.format(Locale.ROOT, "quiet pushes refused %d (%starget 0); the flood's answers by status %s "
                + "in %.1f s (%,.0f/s), 429s without Retry-After %d; %d windows of each after %d warm-up rounds%n",
                n.quietRefused(), n.quietRefused() == 0 ? "" : "MISSED ", n.floodAnswers(), n.floodSeconds(),
                floodAnswered / n.floodSeconds(), n.floodRefusedWithoutRetryAfter(), n.rounds(), n.warmupRounds()));
    }

    private static void comparison(StringBuilder t, String meshLabel, String baselineLabel,
            BenchResult.Comparison c) {
        t.append(String.format(Locale.ROOT, "%-36s %,12.0f %,12.0f %,12.0f %7.2f %s%n", meshLabel, c.mesh().median(),
                c.mesh().min(), c.mesh().max(), c.ratioOfMedians(), (c.met() ? ">= " : "MISSED >= ") + c.target()));
        t.append(String.format(Locale.ROOT, "%-36s %,12.0f %,12.0f %,12.0f%n", baselineLabel, c.baseline().median(),
                c.baseline().min(), c.baseline().max()));
    }
}
