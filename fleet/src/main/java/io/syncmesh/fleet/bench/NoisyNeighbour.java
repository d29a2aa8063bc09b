package io.syncmesh.fleet.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.LongStream;

/**
 * A noisy tenant against a quiet one on a gateway with a low tenant rate (the method of LoadSheddingIT, which asserted
 * the ratio until machine noise failed it; docs/performance.md): the noisy tenant floods the gateway at ten times the
 * tenant rate from {@value #FLOOD_DEVICES} devices, while the quiet tenant pushes below that rate from one device. The
 * quiet tenant's push latency is measured in windows alone and beside the flood, taken in turn and pooled, after
 * warm-up rounds that are not measured. The figure is the ratio of its p99 beside the flood to its p99 alone, against
 * {@value #P99_RATIO_TARGET}; reported, never asserted.
 */
public final class NoisyNeighbour {

    /** The gateway's tenant rate and burst: low, so that a flood a load generator on 2 cores can offer is refused. */
    static final int TENANT_RATE = 50;
    static final int TENANT_BURST = 50;
    /** The gateway's settings for this measure; device limits high, so that only the tenant's rate refuses. */
    static final Map<String, String> GATEWAY_LIMITS = Map.of("SYNCMESH_TENANT_RATE", Integer.toString(TENANT_RATE),
            "SYNCMESH_TENANT_BURST", Integer.toString(TENANT_BURST), "SYNCMESH_DEVICE_RATE", "1000",
            "SYNCMESH_DEVICE_BURST", "1000");
    static final int FLOOD_DEVICES = 4;
    /** Ten times the tenant rate: nine in ten of the flood's pushes are refused. */
    static final int FLOOD_RATE = 10 * TENANT_RATE;
    /**
     * Below the tenant rate: at the rate itself the quiet tenant would now and then be refused by its own limit, when
     * its paced client sends the pushes a slow answer held back in a burst.
     */
    static final int QUIET_RATE = 40;
    static final double P99_RATIO_TARGET = 2.0;

    /**
     * The figures: the settings, the quiet tenant's latency alone and beside the flood over the measured windows, and
     * the answers over every window, warm-up included (a refusal of the quiet tenant counts whether or not the JVMs
     * were warm). {@code quietRefused} is the quiet pushes answered anything but 202, or not at all.
     */
    public record Result(int tenantRate, int tenantBurst, int quietPushesPerSecond, int floodPushesPerSecond,
            int floodDevices, int warmupRounds, int rounds, int quietPushesPerWindow, Latencies alone,
            Latencies beside, double p99Ratio, double p99RatioTarget, List<Window> windows,
            Map<Integer, Integer> quietAnswers, int quietRefused, Map<Integer, Integer> floodAnswers,
            int floodRefusedWithoutRetryAfter, double floodSeconds) {

        public boolean met() {
            return p99Ratio <= p99RatioTarget;
        }
    }

    /** One measured round's quiet p99s: they tell a slow window from a slow machine. */
    public record Window(double aloneP99Ms, double besideP99Ms) {
    }

    private final URI gateway;
    private final Function<String, String> quietTokens;
    private final Function<String, String> noisyTokens;
    private final Consumer<String> progress;

    /**
     * On the gateway at {@code gateway}, started with {@link #GATEWAY_LIMITS}; the tokens sign for each tenant's
     * devices.
     */
    public NoisyNeighbour(URI gateway, Function<String, String> quietTokens, Function<String, String> noisyTokens,
            Consumer<String> progress) {
        this.gateway = gateway;
        this.quietTokens = quietTokens;
        this.noisyTokens = noisyTokens;
        this.progress = progress;
    }

    public Result measure(int warmupRounds, int rounds, int quietPushesPerWindow) throws InterruptedException {
        QuietDevice quiet = new QuietDevice(gateway, quietTokens.apply("quiet-device"), QUIET_RATE);
        List<long[]> alone = new ArrayList<>();
        List<long[]> beside = new ArrayList<>();
        List<Window> windows = new ArrayList<>();
        Map<Integer, Integer> quietAnswers = new TreeMap<>();
        Map<Integer, Integer> floodAnswers = new TreeMap<>();
        int withoutRetryAfter = 0;
        double floodSeconds = 0;
        // Alternating windows, pooled: the machine's pace drifts over a minute (other work comes and goes), and one
        // window of each would measure that drift as much as the neighbour. Warm-up rounds first: fresh JVMs compile
        // the quiet path and the refusals for a minute and a half, and that would fall on whichever windows came first.
        for (int round = -warmupRounds; round < rounds; round++) {
            QuietDevice.Window quietAlone = quiet.pushes(quietPushesPerWindow);
            QuietDevice.Window quietBeside;
            Flood flood = Flood.start(gateway, noisyTokens, FLOOD_DEVICES, FLOOD_RATE);
            try (flood) {
                quietBeside = quiet.pushes(quietPushesPerWindow);
            }
            for (QuietDevice.Window window : List.of(quietAlone, quietBeside)) {
                window.answers().forEach((status, n) -> quietAnswers.merge(status, n, Integer::sum));
            }
            flood.answers().forEach((status, n) -> floodAnswers.merge(status, n, Integer::sum));
            withoutRetryAfter += flood.refusedWithoutRetryAfter();
            floodSeconds += flood.seconds();
            Window window = new Window(Latencies.ofNanos(quietAlone.nanos()).p99Ms(),
                    Latencies.ofNanos(quietBeside.nanos()).p99Ms());
            if (round >= 0) {
                alone.add(quietAlone.nanos());
                beside.add(quietBeside.nanos());
                windows.add(window);
            }
            progress.accept(String.format("noisy neighbour %s %d/%d: quiet p99 %.1f ms alone, %.1f ms beside the "
                    + "flood; quiet answers %s alone, %s beside; flood answers %s",
                    round < 0 ? "warm-up round" : "round", round < 0 ? round + warmupRounds + 1 : round + 1,
                    round < 0 ? warmupRounds : rounds, window.aloneP99Ms(), window.besideP99Ms(),
                    quietAlone.answers(), quietBeside.answers(), flood.answers()));
        }
        Latencies quietAlone = Latencies.ofNanos(pooled(alone));
        Latencies quietBeside = Latencies.ofNanos(pooled(beside));
        int refused = quietAnswers.entrySet().stream().filter(e -> e.getKey() != 202)
                .mapToInt(Map.Entry::getValue).sum();
        return new Result(TENANT_RATE, TENANT_BURST, QUIET_RATE, FLOOD_RATE, FLOOD_DEVICES, warmupRounds, rounds,
                quietPushesPerWindow, quietAlone, quietBeside, quietBeside.p99Ms() / quietAlone.p99Ms(),
                P99_RATIO_TARGET, List.copyOf(windows), quietAnswers, refused, floodAnswers, withoutRetryAfter,
                floodSeconds);
    }

    private static long[] pooled(List<long[]> windows) {
        return windows.stream().flatMapToLong(LongStream::of).toArray();
    }
}
