package io.syncmesh.fleet.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.LongStream;

import io.syncmesh.devstack.KafkaBroker;
import io.syncmesh.devstack.PackagedMesh;
import io.syncmesh.devstack.PrometheusText;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.devstack.TopicProvisioner;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;

/**
 * One benchmark run on the packaged mesh, which it starts on the devstack (DESIGN.md section 9). In each of the rounds,
 * alternating which side goes first: R1, changes applied per second end to end against the raw JDBC apply of the same
 * changes; R4, the same end-to-end round with 1 % and 10 % concurrent edits and with 20 % of the batches replayed. Then
 * R3, push-to-visible latency at 25 % and 50 % of R1's median; pull latency by tenant size; the noisy neighbour, a
 * quiet tenant's push latency beside a flooding tenant on a second gateway with a low tenant rate. Last R2, the
 * gateway's acceptance rate against Kafka's producer tool, with the services behind the gateway stopped so that only
 * the gateway and the broker share the machine, as the tool and the broker do. Writes {@code bench.json} and
 * {@code bench.svg}, prints a table.
 */
public final class Bench {

    private static final Duration ROUND_DEADLINE = Duration.ofMinutes(10);
    /** The gateway's producer settings (gateway application.properties, mp.messaging.outgoing.sync-changes.*). */
    static final List<String> GATEWAY_PRODUCER_PROPS = List.of("acks=all", "enable.idempotence=true", "linger.ms=1",
            "compression.type=lz4");
    static final String PERF_TOPIC = "bench.producer-performance";
    /** R2's change size, as pushed: a kibibyte of JSON. */
    static final int INGEST_CHANGE_BYTES = 1024;
    static final double P99_TARGET_MS = 50;
    private static final Duration R3_WARMUP = Duration.ofSeconds(5);
    /** The whole machine's CPU (every process, PostgreSQL and the load generator too) during R1's mesh rounds. */
    static final String MACHINE_MESH_SIDE = "machine, mesh rounds";
    /** The whole machine's CPU during R1's raw JDBC rounds. */
    static final String MACHINE_RAW_SIDE = "machine, raw JDBC rounds";
    /** Notes loaded per push-and-wait when filling a tenant for the pull figures. */
    private static final int PULL_LOAD_CHUNK = 50_000;

    private final BenchOptions options;
    private final PrintStream out;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    public Bench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs everything and returns the result, also written to {@code <out>/bench.json} and {@code bench.svg}. */
    public BenchResult run() throws Exception {
        Files.createDirectories(options.out());
        double loadAtStart = loadAverage();
        ProducerPerformanceTool perfTool = ProducerPerformanceTool.onBrokerClasspath();
        progress("%d cores, load average %.2f; %d rounds of %,d changes in batches of %d from %d clients",
                Runtime.getRuntime().availableProcessors(), loadAtStart, options.rounds(), options.changes(),
                options.batch(), options.clients());
        if (options.partitions() != BenchOptions.DEVSTACK_PARTITIONS) {
            System.setProperty(TopicProvisioner.PARTITIONS_PROPERTY, Topics.CHANGES + "=" + options.partitions());
        }
        try (PackagedMesh mesh = PackagedMesh.start(options.out().resolve("mesh-logs"));
                Connection raw = mesh.database().connect()) {
            int partitions = PerfTopic.partitionsOf(mesh.stack().bootstrapServers(), Topics.CHANGES);
            if (options.partitions() != BenchOptions.DEVSTACK_PARTITIONS && options.partitions() != partitions) {
                throw new IllegalStateException("--partitions " + options.partitions() + " asked for, but this JVM's "
                        + "devstack already runs " + Topics.CHANGES + " with " + partitions);
            }
            progress("mesh up: gateway %s, Kafka %s (%s: %d partitions), database %s", mesh.gatewayUri(),
                    mesh.stack().bootstrapServers(), Topics.CHANGES, partitions, mesh.database().name());
            RawJdbcApply.prepare(raw);
            Rounds rounds = new Rounds(mesh, raw);
            try (ProcessMeter wholeRun = ProcessMeter.start(measured(mesh))) {
                if (options.warmup() > 0) {
                    progress("warm-up: %,d changes on each side", options.warmup());
                    rounds.mesh(Workload.creates(tenant("warmup"), options.warmup(), options.batch(),
                            options.titleChars(), 1));
                    rounds.raw("warmup", options.warmup());
                }
                for (int round = 1; round <= options.rounds(); round++) {
                    rounds.measure(round);
                }
                Map<String, BenchResult.LatencyAt> r3 = latency(mesh, rounds.meshMedian());
                Map<String, PullLatency.At> pull = pull(mesh, rounds);
                Map<String, ProcessMeter.Cost> wholeRunCosts = new LinkedHashMap<>();
                wholeRun.costs().forEach(cost -> wholeRunCosts.put(cost.name(), cost));
                NoisyNeighbour.Result noisy = noisyNeighbour(mesh);
                BenchResult.Comparison r2 = ingest(mesh, perfTool);
                BenchResult result = new BenchResult(Instant.now().toString(),
                        new BenchResult.Machine(Runtime.getRuntime().availableProcessors(),
                                System.getProperty("java.version"),
                                System.getProperty("os.name") + " " + System.getProperty("os.version"), loadAtStart,
                                loadAverage()),
                        new BenchResult.Settings(options.changes(), options.warmup(), options.rounds(),
                                options.clients(), options.batch(), options.titleChars(), options.ingestChanges(),
                                envelopeBytes(), options.latencySeconds(), perfTool.version(), partitions),
                        BenchResult.Comparison.of("changes applied per second end to end (HTTP push in batches -> "
                                + "Kafka -> sync-service -> PostgreSQL) against plain JDBC applying the same changes "
                                + "with the same idempotency and version checks", "changes/s",
                                Spread.of(rounds.meshRates), Spread.of(rounds.rawRates), 0.5),
                        r2, r3, rounds.r4(), pull, rounds.costs(wholeRunCosts), noisy);
                write(result);
                return result;
            }
        }
    }

    /** The rounds of R1 and R4, and what the processes spent on R1's mesh side. */
    private final class Rounds {

        private final PackagedMesh mesh;
        private final Connection raw;
        private final MeshApply apply;
        final List<Double> meshRates = new ArrayList<>();
        final List<Double> rawRates = new ArrayList<>();
        private final Map<String, List<Double>> variantRatios = new LinkedHashMap<>();
        private final Map<String, List<Double>> cpuPer1000 = new LinkedHashMap<>();

        Rounds(PackagedMesh mesh, Connection raw) {
            this.mesh = mesh;
            this.raw = raw;
            this.apply = new MeshApply(mesh.gatewayUri(), () -> connect(mesh));
        }

        void measure(int round) throws Exception {
            String name = "r" + round;
            // Alternate which side goes first, so neither always meets the other's leftovers (vacuum, GC).
            double rawRate = round % 2 == 0 ? measuredRaw(name) : 0;
            Workload plain = Workload.creates(tenant(name), options.changes(), options.batch(),
                    options.titleChars(), round);
            double meshRate;
            try (ProcessMeter meter = ProcessMeter.cpuOnly(measured(mesh))) {
                MachineCpu machine = MachineCpu.start();
                meshRate = mesh(plain);
                meter.costs().forEach(cost -> addCpu(cost.name(), cost.cpuSeconds()));
                addCpu(MACHINE_MESH_SIDE, machine.busySeconds());
            }
            if (round % 2 == 1) {
                rawRate = measuredRaw(name);
            }
            meshRates.add(meshRate);
            rawRates.add(rawRate);
            progress("round %d/%d R1: mesh %,.0f changes/s, raw JDBC %,.0f changes/s (ratio %.2f)", round,
                    options.rounds(), meshRate, rawRate, meshRate / rawRate);
            for (double ratio : List.of(0.01, 0.10)) {
                String variant = String.format("conflicts %.0f%%", ratio * 100);
                String tenant = tenant(name + "-conflicts-" + Math.round(ratio * 100));
                mesh(Workload.editedNotes(tenant, options.changes(), ratio, options.batch(), round));
                double rate = mesh(Workload.withConcurrentEdits(tenant, options.changes(),
                        ratio, options.batch(), options.titleChars(), round));
                variantRatios.computeIfAbsent(variant, k -> new ArrayList<>()).add(rate / meshRate);
            }
            double replayRate = mesh(Workload.creates(tenant(name + "-replays"),
                    options.changes(), options.batch(), options.titleChars(), round + 1000).withReplays(0.2, round));
            variantRatios.computeIfAbsent("replays 20%", k -> new ArrayList<>()).add(replayRate / meshRate);
            progress("round %d/%d R4: %s", round, options.rounds(), lastRatios());
        }

        double mesh(Workload workload) throws Exception {
            Duration took = apply.apply(workload, tokens(mesh, workload.tenant()), options.clients(),
                    ROUND_DEADLINE);
            return workload.changes() / seconds(took);
        }

        double raw(String round, int changes) throws SQLException {
            String tenant = tenant(round + "-raw");
            Workload workload = Workload.creates(tenant, changes, options.batch(), options.titleChars(),
                    tenant.hashCode());
            Duration took = RawJdbcApply.apply(raw, workload);
            long[] counts = RawJdbcApply.counts(raw, tenant);
            if (counts[0] != changes || counts[1] != changes || counts[2] != changes) {
                throw new IllegalStateException("the raw apply of " + tenant + " stored " + counts[0]
                        + " applied outcomes, " + counts[1] + " entities and " + counts[2] + " change-log rows for "
                        + changes + " changes");
            }
            return changes / seconds(took);
        }

        /** A measured round's raw side, with the whole machine's CPU over it. */
        private double measuredRaw(String round) throws SQLException {
            MachineCpu machine = MachineCpu.start();
            double rate = raw(round, options.changes());
            addCpu(MACHINE_RAW_SIDE, machine.busySeconds());
            return rate;
        }

        private void addCpu(String name, double cpuSeconds) {
            cpuPer1000.computeIfAbsent(name, k -> new ArrayList<>()).add(cpuSeconds * 1000 / options.changes());
        }

        double meshMedian() {
            return Spread.of(meshRates).median();
        }

        Map<String, Spread> r4() {
            Map<String, Spread> r4 = new LinkedHashMap<>();
            variantRatios.forEach((variant, ratios) -> r4.put(variant, Spread.of(ratios)));
            return r4;
        }

        Map<String, BenchResult.ProcessCost> costs(Map<String, ProcessMeter.Cost> wholeRun) {
            Map<String, BenchResult.ProcessCost> costs = new LinkedHashMap<>();
            cpuPer1000.forEach((name, values) -> {
                ProcessMeter.Cost run = wholeRun.get(name);
                costs.put(name, new BenchResult.ProcessCost(Spread.of(values),
                        run == null ? null : mebibytes(run.peakHeapBytes()),
                        run == null ? null : mebibytes(run.peakResidentBytes())));
            });
            return costs;
        }

        private static Double mebibytes(long bytes) {
            return bytes < 0 ? null : bytes / (1024.0 * 1024.0);
        }

        private String lastRatios() {
            StringBuilder text = new StringBuilder();
            variantRatios.forEach((variant, ratios) -> text.append(text.isEmpty() ? "" : ", ").append(variant)
                    .append(String.format(" %.2f", ratios.get(ratios.size() - 1))));
            return text.toString();
        }
    }

    /**
     * R3 at 25 % and 50 % of R1's median: in each round both rates, in alternating order, for the configured seconds
     * each; each rate's percentiles are over all its rounds' pushes.
     */
    private Map<String, BenchResult.LatencyAt> latency(PackagedMesh mesh, double maximum) throws Exception {
        OpenLoopLatency probe = new OpenLoopLatency(mesh.gatewayUri());
        List<Double> fractions = List.of(0.25, 0.50);
        // Nothing before R3 waits for receipts: its code path (Prefer: wait) is still cold, and the first pushes
        // would measure class loading and compilation instead of the mesh.
        String warm = tenant("latency-warmup");
        int warmChanges = (int) Math.max(options.batch(), Math.round(maximum * 0.25 * R3_WARMUP.toSeconds()));
        progress("R3 warm-up: %,.0f changes/s for %d s, not counted", maximum * 0.25, R3_WARMUP.toSeconds());
        probe.run(Workload.creates(warm, warmChanges, options.batch(), options.titleChars(), 5), tokens(mesh, warm),
                maximum * 0.25);
        Map<Double, List<long[]>> samples = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            List<Double> order = round % 2 == 1 ? fractions : List.of(fractions.get(1), fractions.get(0));
            for (double fraction : order) {
                double rate = maximum * fraction;
                int changes = (int) Math.max(options.batch(), Math.round(rate * options.latencySeconds()));
                String tenant = tenant("latency-" + Math.round(fraction * 100) + "-r" + round);
                Workload workload = Workload.creates(tenant, changes, options.batch(), options.titleChars(),
                        tenant.hashCode());
                long[] nanos = probe.run(workload, tokens(mesh, tenant), rate);
                samples.computeIfAbsent(fraction, k -> new ArrayList<>()).add(nanos);
                Latencies latencies = Latencies.ofNanos(nanos);
                progress("round %d/%d R3 at %.0f%% (%,.0f changes/s for %d s): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms",
                        round, options.rounds(), fraction * 100, rate, options.latencySeconds(), latencies.p50Ms(),
                        latencies.p95Ms(), latencies.p99Ms());
            }
        }
        Map<String, BenchResult.LatencyAt> r3 = new LinkedHashMap<>();
        for (double fraction : fractions) {
            long[] all = samples.get(fraction).stream().flatMapToLong(LongStream::of).toArray();
            r3.put(String.format("at %.0f%% of maximum", fraction * 100), new BenchResult.LatencyAt(fraction,
                    maximum * fraction, Latencies.ofNanos(all), fraction == 0.25 ? P99_TARGET_MS : 0));
        }
        return r3;
    }

    /** Pull latency at each tenant size: the notes are loaded through the mesh in chunks, then measured. */
    private Map<String, PullLatency.At> pull(PackagedMesh mesh, Rounds rounds) throws Exception {
        Map<String, PullLatency.At> pull = new LinkedHashMap<>();
        PullLatency probe = new PullLatency(mesh.gatewayUri());
        for (int entities : options.pullEntities()) {
            String tenant = tenant("pull-" + entities);
            progress("pull: loading %,d notes into %s", entities, tenant);
            for (int loaded = 0; loaded < entities; loaded += PULL_LOAD_CHUNK) {
                rounds.mesh(Workload.creates(tenant, Math.min(PULL_LOAD_CHUNK, entities - loaded),
                        options.batch(), options.titleChars(), (long) entities * 7 + loaded));
            }
            PullLatency.At at = probe.measure(tenant, entities, tokens(mesh, tenant), rounds::mesh,
                    options.titleChars());
            pull.put(String.format("%,d entities", entities), at);
            progress("pull at %,d entities: snapshot %d pages in %.1f s (page p50 %.1f ms, p99 %.1f ms, %d times "
                    + "rate-limited); 10 new changes p50 %.1f ms, p99 %.1f ms", entities, at.snapshotPages(),
                    at.snapshotSeconds(), at.snapshotPage().p50Ms(), at.snapshotPage().p99Ms(), at.throttled(),
                    at.incremental().p50Ms(), at.incremental().p99Ms());
        }
        return pull;
    }

    /**
     * The noisy neighbour on a gateway of its own with a low tenant rate, in front of the same services (before R2
     * stops them: the admitted pushes are applied, as in production). Null when skipped.
     */
    private NoisyNeighbour.Result noisyNeighbour(PackagedMesh mesh) throws Exception {
        if (options.noisyRounds() == 0) {
            progress("noisy neighbour: skipped (--noisy-rounds 0)");
            return null;
        }
        progress("noisy neighbour: a gateway with tenant rate %d/s (burst %d); quiet tenant %d pushes/s, flood %d "
                + "pushes/s offered from %d devices; %d warm-up rounds, then %d rounds of %d quiet pushes alone and "
                + "as many beside the flood", NoisyNeighbour.TENANT_RATE, NoisyNeighbour.TENANT_BURST,
                NoisyNeighbour.QUIET_RATE, NoisyNeighbour.FLOOD_RATE, NoisyNeighbour.FLOOD_DEVICES,
                options.noisyWarmupRounds(), options.noisyRounds(), options.noisyPushes());
        try (QuarkusAppProcess gateway = mesh.startGateway(NoisyNeighbour.GATEWAY_LIMITS,
                options.out().resolve("mesh-logs").resolve("noisy-neighbour-gateway.log"))) {
            NoisyNeighbour.Result result = new NoisyNeighbour(URI.create(gateway.baseUrl()),
                    tokens(mesh, tenant("quiet")), tokens(mesh, tenant("noisy")), line -> progress("%s", line))
                    .measure(options.noisyWarmupRounds(), options.noisyRounds(), options.noisyPushes());
            progress("noisy neighbour: quiet p99 %.1f ms alone, %.1f ms beside the flood (ratio %.2f, target <= %.1f); "
                    + "quiet pushes refused %d; flood answers %s", result.alone().p99Ms(), result.beside().p99Ms(),
                    result.p99Ratio(), result.p99RatioTarget(), result.quietRefused(), result.floodAnswers());
            return result;
        }
    }

    /** R2, with the sync-service and the conflict-service stopped: nothing but the gateway and Kafka compete. */
    private BenchResult.Comparison ingest(PackagedMesh mesh, ProducerPerformanceTool tool) throws Exception {
        mesh.syncService().stop();
        mesh.conflictService().stop();
        int partitions = PerfTopic.create(mesh.stack().bootstrapServers(), PERF_TOPIC, Topics.CHANGES);
        int titleChars = Workload.titleCharsFor(INGEST_CHANGE_BYTES);
        int recordBytes = envelopeBytes();
        progress("R2: %,d changes of %d bytes per round (envelopes of %d bytes); ProducerPerformance on %s "
                + "(%d partitions, as %s)", options.ingestChanges(), INGEST_CHANGE_BYTES, recordBytes, PERF_TOPIC,
                partitions, Topics.CHANGES);
        Pusher pusher = new Pusher(mesh.gatewayUri());
        pusher.push(Workload.creates(tenant("ingest-warmup"), Math.max(options.batch(), options.ingestChanges() / 5),
                options.batch(), titleChars, 7), tokens(mesh, tenant("ingest-warmup")), options.clients());
        List<Double> gateway = new ArrayList<>();
        List<Double> kafka = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            String tenant = tenant("ingest-r" + round);
            Pusher.Run pushed = pusher.push(Workload.creates(tenant, options.ingestChanges(), options.batch(),
                    titleChars, round), tokens(mesh, tenant), options.clients());
            gateway.add(options.ingestChanges() / pushed.seconds());
            ProducerPerformanceTool.Summary summary = tool.run(mesh.stack().bootstrapServers(), PERF_TOPIC,
                    options.ingestChanges(), recordBytes, GATEWAY_PRODUCER_PROPS,
                    options.out().resolve("producer-performance-r" + round + ".log"), new PrintStream(
                            PrintStream.nullOutputStream()));
            kafka.add(summary.recordsPerSecond());
            progress("round %d/%d R2: gateway %,.0f changes/s, ProducerPerformance %,.0f records/s (ratio %.2f)",
                    round, options.rounds(), gateway.get(round - 1), summary.recordsPerSecond(),
                    gateway.get(round - 1) / summary.recordsPerSecond());
        }
        return BenchResult.Comparison.of("changes accepted per second by the gateway (202, durable in Kafka) "
                + "against Kafka's ProducerPerformance with the same record size, acks and partitions on the same "
                + "broker", "changes/s", Spread.of(gateway), Spread.of(kafka), 0.5);
    }

    /** The size of the envelope the gateway writes for one of R2's changes: what the tool must send. */
    private static int envelopeBytes() {
        Workload one = Workload.creates("bench-ingest", 1, 1, Workload.titleCharsFor(INGEST_CHANGE_BYTES), 0);
        Change change = SyncJson.read(one.sends().get(0).changes().get(0).json(), Change.class);
        try {
            return SyncJson.mapper().writeValueAsBytes(ChangeEnvelope.fromClient(one.tenant(), Workload.DEVICE,
                    Instant.now(), change, ConflictMode.MERGE)).length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(BenchResult result) throws Exception {
        Path json = options.out().resolve("bench.json");
        Path svg = options.out().resolve("bench.svg");
        SyncJson.mapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
        Files.writeString(svg, SvgChart.render(result));
        out.print(BenchTable.render(result));
        progress("result in %s, chart in %s", json, svg);
    }

    private static List<ProcessMeter.Measured> measured(PackagedMesh mesh) {
        List<ProcessMeter.Measured> processes = new ArrayList<>();
        for (QuarkusAppProcess service : List.of(mesh.gateway(), mesh.syncService(), mesh.conflictService())) {
            processes.add(new ProcessMeter.Measured(service.name(), service.pid(),
                    () -> PrometheusText.scrape(service)));
        }
        if (mesh.stack().kafka() instanceof KafkaBroker broker && broker.pid().isPresent()) {
            processes.add(new ProcessMeter.Measured("kafka", broker.pid().getAsLong(), null));
        }
        return processes;
    }

    /** Each device's token, signed once (signing per request would make the client the bottleneck). */
    private static Function<String, String> tokens(PackagedMesh mesh, String tenant) {
        Map<String, String> signed = new ConcurrentHashMap<>();
        return device -> signed.computeIfAbsent(device, d -> mesh.deviceToken(tenant, d));
    }

    private String tenant(String round) {
        return "bench-" + run + "-" + round;
    }

    private static Connection connect(PackagedMesh mesh) {
        try {
            return mesh.database().connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + mesh.database().name(), e);
        }
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private void progress(String format, Object... args) {
        out.printf("[bench] " + format + "%n", args);
    }
}
