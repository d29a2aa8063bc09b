package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.DevTokens;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.gateway.auth.CallerResolver;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;

/**
 * Not part of the test run (the name matches neither *Test nor *IT). Run with
 * {@code ./mvnw -pl gateway verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=IngestBenchmark}
 * (after {@code ./mvnw -pl devstack-broker,devstack install -DskipTests}).
 * <p>
 * Issue 3's figure: changes per second the packaged gateway accepts (POST /v1/sync/push, batches of 100 changes, each a
 * kibibyte of JSON, every one answered 202 once Kafka acknowledged it), next to Kafka's own producer tool
 * ({@code org.apache.kafka.tools.ProducerPerformance}, i.e. kafka-producer-perf-test) on the same broker and topic,
 * with the record size of the envelopes the gateway writes and the gateway's producer settings. The two sides
 * alternate, {@value #DEFAULT_ROUNDS} rounds each, in one run; the result is in {@code target/bench/ingest.json}.
 * <p>
 * System properties (all optional): {@code bench.changes} (changes per measured run, default 200,000),
 * {@code bench.warmup} (gateway warm-up changes, default 20,000), {@code bench.clients} (concurrent HTTP clients,
 * default 8), {@code bench.rounds} (default 3).
 */
class IngestBenchmark {

    private static final int DEFAULT_ROUNDS = 3;
    private static final int CHANGES = Integer.getInteger("bench.changes", 200_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20_000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", DEFAULT_ROUNDS);
    private static final int BATCH = 100;
    /** The size of one change as the client sends it (serialized JSON). */
    private static final int CHANGE_BYTES = 1024;
    private static final String ISSUER = "https://syncmesh.dev/bench";
    private static final String TENANT = "bench";
    private static final String DEVICE = "bench-device";
    private static final String COLLECTION = "notes";
    /** Width of the sequence number in change and entity ids: every change of every run has the same size. */
    private static final int ID_DIGITS = 8;
    /** The gateway's producer settings: application.properties, mp.messaging.outgoing.sync-changes.*. */
    private static final List<String> GATEWAY_PRODUCER_PROPS = List.of("acks=all", "enable.idempotence=true",
            "linger.ms=5", "compression.type=lz4");
    private static final String CLASSPATH_RESOURCE = "io/syncmesh/devstack/broker/kafka-broker.classpath";
    private static final Pattern JAR_VERSION = Pattern.compile("(kafka_2\\.13|kafka-tools)-([0-9][^/\\\\]*)\\.jar$");
    /** ProducerPerformance's final summary (the 5-second window lines have no percentiles). */
    private static final Pattern PERF_TOTAL = Pattern.compile("^(\\d+) records sent, ([0-9.]+) records/sec "
            + "\\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, (\\d+) ms 50th, "
            + "(\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th");
    /** ProducerPerformance's 5-second window lines: they show the tool's own JVM warming up in a longer run. */
    private static final Pattern PERF_WINDOW = Pattern
            .compile("^\\d+ records sent, ([0-9.]+) records/sec .*max latency\\.$");

    @Test
    void gatewayIngestNextToKafkaProducerPerformance() throws Exception {
        assertThat(CHANGES % BATCH).as("bench.changes is a multiple of " + BATCH).isZero();
        assertThat(WARMUP % BATCH).as("bench.warmup is a multiple of " + BATCH).isZero();
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        double loadAtStart = loadAverage();
        progress("machine: %d cores, load average %.2f; %d rounds of %,d changes, %d clients, batches of %d",
                Runtime.getRuntime().availableProcessors(), loadAtStart, ROUNDS, CHANGES, CLIENTS, BATCH);

        String perfClasspath = toolsClasspath();
        DevStack stack = DevStack.shared();
        Path keyDir = Files.createTempDirectory("ingest-bench-keys");
        DevKeys keys = DevKeys.loadOrCreate(keyDir);
        // Pushing needs the device role (the groups claim).
        String token = DevTokens.builder().issuer(ISSUER).tenant(TENANT).device(DEVICE)
                .groups(CallerResolver.DEVICE_ROLE).expiresAt(Instant.now().plus(Duration.ofHours(6))).sign(keys);
        int padding = padding();
        int recordSize = envelopeSize(padding);
        progress("a change is %d bytes as pushed, its envelope %d bytes on sync.changes: --record-size %d",
                CHANGE_BYTES, recordSize, recordSize);

        List<Double> gatewayRates = new ArrayList<>();
        List<Double> kafkaRates = new ArrayList<>();
        List<Map<String, Object>> gatewayRuns = new ArrayList<>();
        List<Map<String, Object>> kafkaRuns = new ArrayList<>();
        int failures = 0;
        Map<String, Object> observed;
        try (QuarkusAppProcess gateway = QuarkusAppProcess.builder(QuarkusAppProcess.packagedApp("gateway"))
                .managementInterface()
                .env("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers())
                .env("SYNCMESH_JWT_PUBLIC_KEY", keyDir.resolve(DevKeys.PUBLIC_KEY_FILE).toString())
                .env("SYNCMESH_JWT_ISSUER", ISSUER)
                // A push without Prefer: wait never calls the sync-service.
                .env("SYNC_SERVICE_URL", "http://127.0.0.1:9")
                .logFile(out.resolve("ingest-gateway.log"))
                .build()) {
            gateway.start();
            Pusher pusher = new Pusher(URI.create(gateway.baseUrl() + "/v1/sync/push"), token, padding);

            progress("gateway warm-up: %,d changes", WARMUP);
            GatewayRun warm = pusher.run("w0", WARMUP);
            progress("gateway warm-up: %,.0f changes/s (%d failures)", warm.rate(), warm.failures());
            assertThat(warm.failures()).as("failed pushes in the warm-up: " + warm.firstFailure()).isZero();
            observed = lastGatewayRecord(stack.bootstrapServers());
            progress("a record the gateway wrote: value %s bytes, key %s bytes, headers %s bytes",
                    observed.get("valueBytes"), observed.get("keyBytes"), observed.get("headerBytes"));
            assertThat((int) observed.get("valueBytes")).as("the envelope size measured beforehand")
                    .isBetween(recordSize - 8, recordSize + 8);

            for (int round = 1; round <= ROUNDS; round++) {
                progress("round %d/%d, gateway: pushing %,d changes", round, ROUNDS, CHANGES);
                GatewayRun run = pusher.run("r" + round, CHANGES);
                failures += run.failures();
                gatewayRates.add(run.rate());
                gatewayRuns.add(run.toMap());
                progress("round %d/%d, gateway: %,.0f changes/s (%.1f s, request latency p50 %.0f ms, p99 %.0f ms, "
                        + "%d failures)", round, ROUNDS, run.rate(), run.seconds(), run.percentileMs(0.50),
                        run.percentileMs(0.99), run.failures());

                progress("round %d/%d, Kafka ProducerPerformance: %,d records of %d bytes", round, ROUNDS, CHANGES,
                        recordSize);
                Map<String, Object> perf = producerPerformance(perfClasspath, stack.bootstrapServers(), recordSize,
                        out.resolve("ingest-producer-perf-r" + round + ".log"));
                kafkaRates.add((Double) perf.get("recordsPerSecond"));
                kafkaRuns.add(perf);
                progress("round %d/%d, Kafka ProducerPerformance: %,.0f records/s (avg latency %s ms, p99 %s ms)",
                        round, ROUNDS, perf.get("recordsPerSecond"), perf.get("avgLatencyMs"), perf.get("p99Ms"));
            }
        }
        double loadAtEnd = loadAverage();

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("changesPerRun", CHANGES);
        report.put("gatewayWarmupChanges", WARMUP);
        report.put("batchSize", BATCH);
        report.put("clients", CLIENTS);
        report.put("rounds", ROUNDS);
        report.put("changeBytes", CHANGE_BYTES);
        report.put("recordSize", recordSize);
        report.put("gatewayRecordObserved", observed);
        report.put("producerProps", String.join(" ", GATEWAY_PRODUCER_PROPS));
        report.put("kafkaTools", toolsVersion(perfClasspath));
        report.put("gatewayChangesPerSecond", summary(gatewayRates));
        report.put("kafkaProducerPerformanceRecordsPerSecond", summary(kafkaRates));
        report.put("ratioOfMedians", round3(median(gatewayRates) / median(kafkaRates)));
        report.put("gatewayFailures", failures);
        report.put("gatewayRuns", gatewayRuns);
        report.put("kafkaRuns", kafkaRuns);
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("loadAverageAtStart", round3(loadAtStart));
        report.put("loadAverageAtEnd", round3(loadAtEnd));
        String json = SyncJson.mapper().writeValueAsString(report);
        Files.writeString(out.resolve("ingest.json"), json);
        System.out.println("INGEST BENCHMARK " + json);
        // A failed push makes the gateway's figure meaningless: it counts changes that were not accepted.
        assertThat(failures).as("failed pushes in the measured runs (see gatewayRuns in ingest.json)").isZero();
    }

    // --- The gateway side --------------------------------------------------------------------------------------

    /** Pushes batches of 100 generated changes from {@link #CLIENTS} threads, each waiting for its answer. */
    private static final class Pusher {

        private final URI uri;
        private final String token;
        private final int padding;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        Pusher(URI uri, String token, int padding) {
            this.uri = uri;
            this.token = token;
            this.padding = padding;
        }

        /** {@code count} changes whose ids start with {@code tag} (unique per run), pushed as fast as answered. */
        GatewayRun run(String tag, int count) throws InterruptedException {
            int batches = count / BATCH;
            AtomicInteger next = new AtomicInteger();
            AtomicLong accepted = new AtomicLong();
            AtomicInteger failures = new AtomicInteger();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            long[] latencies = new long[batches];
            List<Thread> clients = new ArrayList<>();
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ingest-progress");
                t.setDaemon(true);
                return t;
            });
            long start = System.nanoTime();
            Runnable report = () -> progress("  gateway %s: %,d / %,d changes accepted, %,.0f changes/s so far", tag,
                    accepted.get(), count, accepted.get() / ((System.nanoTime() - start) / 1e9));
            ticker.scheduleAtFixedRate(report, 5, 5, TimeUnit.SECONDS);
            for (int c = 0; c < CLIENTS; c++) {
                SplittableRandom random = new SplittableRandom(c * 7919L + tag.hashCode());
                Thread client = new Thread(() -> {
                    for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                        byte[] body = body(tag, b, random);
                        long sent = System.nanoTime();
                        String failure = push(body);
                        latencies[b] = System.nanoTime() - sent;
                        if (failure == null) {
                            accepted.addAndGet(BATCH);
                        } else {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, "batch " + b + ": " + failure);
                        }
                    }
                }, "ingest-client-" + c);
                clients.add(client);
                client.start();
            }
            for (Thread client : clients) {
                client.join();
            }
            long wall = System.nanoTime() - start;
            ticker.shutdownNow();
            return new GatewayRun(count, wall, failures.get(), firstFailure.get(), latencies);
        }

        /** Null when the push was answered 202 with every change of the batch accepted; else what went wrong. */
        private String push(byte[] body) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 202) {
                    return "status " + response.statusCode() + ": "
                            + new String(response.body(), StandardCharsets.UTF_8);
                }
                JsonNode answer = SyncJson.mapper().readTree(response.body());
                int ok = answer.path("accepted").size();
                int rejected = answer.path("rejected").size();
                return ok == BATCH && rejected == 0 ? null : ok + " accepted, " + rejected + " rejected";
            } catch (IOException e) {
                return e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        /** {@code {"changes":[…]}} with the 100 changes of batch {@code b}. */
        private byte[] body(String tag, int b, SplittableRandom random) {
            StringBuilder json = new StringBuilder(BATCH * (CHANGE_BYTES + 1) + 16).append("{\"changes\":[");
            for (int i = 0; i < BATCH; i++) {
                if (i > 0) {
                    json.append(',');
                }
                appendChange(json, tag, (long) b * BATCH + i, padding, random);
            }
            return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * A create of a new entity with one field: a unique change and entity id of fixed width, and random upper-case
     * letters as the value, the payload ProducerPerformance sends too (so lz4 finds as little to compress in both).
     */
    private static void appendChange(StringBuilder json, String tag, long n, int padding, SplittableRandom random) {
        String seq = Long.toString(n);
        String id = tag + "-" + "0".repeat(Math.max(0, ID_DIGITS - seq.length())) + seq;
        json.append("{\"changeId\":\"c").append(id).append("\",\"collection\":\"").append(COLLECTION)
                .append("\",\"entityId\":\"e").append(id).append("\",\"op\":\"create\",\"fields\":{\"body\":\"");
        for (int i = 0; i < padding; i++) {
            json.append((char) ('A' + random.nextInt(26)));
        }
        json.append("\"}}");
    }

    /** The length of the field value that makes one change {@link #CHANGE_BYTES} bytes. */
    private static int padding() {
        StringBuilder empty = new StringBuilder();
        appendChange(empty, "r1", 0, 0, new SplittableRandom(0));
        int padding = CHANGE_BYTES - empty.toString().getBytes(StandardCharsets.UTF_8).length;
        StringBuilder check = new StringBuilder();
        appendChange(check, "r1", 0, padding, new SplittableRandom(0));
        assertThat(check.toString().getBytes(StandardCharsets.UTF_8)).hasSize(CHANGE_BYTES);
        return padding;
    }

    /** The envelope the gateway produces for such a change: mapped as the gateway maps it, serialized with SyncJson. */
    private static int envelopeSize(int padding) throws IOException {
        StringBuilder json = new StringBuilder();
        appendChange(json, "r1", 0, padding, new SplittableRandom(0));
        Change change = SyncJson.mapper().readValue(json.toString(), Change.class);
        ChangeEnvelope envelope = ChangeEnvelope.fromClient(TENANT, DEVICE, Instant.now(), change,
                ConflictMode.MERGE);
        return SyncJson.mapper().writeValueAsBytes(envelope).length;
    }

    /** The sizes of the last record on sync.changes, which the gateway wrote (nothing else produces to it yet). */
    private static Map<String, Object> lastGatewayRecord(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CHANGES).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            ends.forEach((partition, end) -> consumer.seek(partition, Math.max(0, end - 1)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String tenant = headerValue(record, Topics.HEADER_TENANT);
                    if (TENANT.equals(tenant)) {
                        int headerBytes = 0;
                        for (Header header : record.headers()) {
                            headerBytes += header.key().length() + header.value().length;
                        }
                        Map<String, Object> sizes = new LinkedHashMap<>();
                        sizes.put("valueBytes", record.value().length);
                        sizes.put("keyBytes", record.key() == null ? 0 : record.key().length);
                        sizes.put("headerBytes", headerBytes);
                        return sizes;
                    }
                }
            }
        }
        throw new IllegalStateException("no record of tenant " + TENANT + " at the end of " + Topics.CHANGES);
    }

    private static String headerValue(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One measured gateway run: changes over the wall time from the first request to the last answer. */
    private record GatewayRun(int changes, long wallNanos, int failures, String firstFailure, long[] latencies) {

        double seconds() {
            return wallNanos / 1e9;
        }

        double rate() {
            return changes / seconds();
        }

        double percentileMs(double p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("changesPerSecond", Math.round(rate()));
            map.put("seconds", round3(seconds()));
            map.put("requestLatencyP50Ms", round3(percentileMs(0.50)));
            map.put("requestLatencyP99Ms", round3(percentileMs(0.99)));
            map.put("failures", failures);
            if (firstFailure != null) {
                map.put("firstFailure", firstFailure);
            }
            return map;
        }
    }

    // --- The Kafka side ----------------------------------------------------------------------------------------

    /**
     * Runs ProducerPerformance in a child JVM on the broker's classpath (devstack-broker resolves kafka-tools with the
     * broker) and returns its final summary. Its output is echoed as it comes and kept in {@code log}.
     */
    private static Map<String, Object> producerPerformance(String classpath, String bootstrap, int recordSize,
            Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx512m",
                // The summary is printed with the default locale: a decimal point, whatever the machine's.
                "-Duser.language=en", "-Duser.country=US", "-cp", classpath,
                "org.apache.kafka.tools.ProducerPerformance", "--topic", Topics.CHANGES,
                "--num-records", Integer.toString(CHANGES), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap));
        command.addAll(GATEWAY_PRODUCER_PROPS);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Matcher total = null;
        List<Double> windows = new ArrayList<>();
        try (InputStream in = process.getInputStream();
                BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                file.write(line + "\n");
                System.out.println("  [producer-perf] " + line);
                Matcher m = PERF_TOTAL.matcher(line);
                if (m.find()) {
                    total = m;
                }
                Matcher window = PERF_WINDOW.matcher(line);
                if (window.find()) {
                    windows.add(Double.parseDouble(window.group(1)));
                }
            }
        } finally {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        assertThat(process.exitValue()).as("ProducerPerformance's exit code (see " + log + ")").isZero();
        assertThat(total).as("ProducerPerformance's summary line (see " + log + ")").isNotNull();
        assertThat(Long.parseLong(total.group(1))).as("records ProducerPerformance got acknowledged")
                .isEqualTo(CHANGES);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("recordsPerSecond", Double.parseDouble(total.group(2)));
        run.put("mbPerSecond", Double.parseDouble(total.group(3)));
        run.put("avgLatencyMs", Double.parseDouble(total.group(4)));
        run.put("maxLatencyMs", Double.parseDouble(total.group(5)));
        run.put("p50Ms", Integer.parseInt(total.group(6)));
        run.put("p99Ms", Integer.parseInt(total.group(8)));
        run.put("windowRecordsPerSecond", windows);
        run.put("summary", total.group(0));
        return run;
    }

    /** The broker's jars as devstack-broker wrote them; they must hold kafka-tools of the broker's own version. */
    private static String toolsClasspath() {
        String text;
        try (InputStream in = IngestBenchmark.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            assertThat(in).as(CLASSPATH_RESOURCE + " (from io.syncmesh:devstack-broker)").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        toolsVersion(text);
        return text;
    }

    /** The version of kafka-tools on the classpath, which must equal the broker's (kafka_2.13). */
    private static String toolsVersion(String classpath) {
        Map<String, String> versions = new LinkedHashMap<>();
        for (String jar : classpath.split(Pattern.quote(java.io.File.pathSeparator))) {
            Matcher m = JAR_VERSION.matcher(jar);
            if (m.find()) {
                versions.put(m.group(1), m.group(2));
            }
        }
        assertThat(versions).as("kafka-tools on the broker classpath: add it to devstack-broker/pom.xml and "
                + "install devstack-broker").containsKeys("kafka_2.13", "kafka-tools");
        assertThat(versions.get("kafka-tools")).as("kafka-tools' version, which must be the broker's")
                .isEqualTo(versions.get("kafka_2.13"));
        return versions.get("kafka-tools");
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    // --- Figures -----------------------------------------------------------------------------------------------

    private static Map<String, Object> summary(List<Double> rates) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("median", Math.round(median(rates)));
        summary.put("min", Math.round(rates.stream().mapToDouble(Double::doubleValue).min().orElse(0)));
        summary.put("max", Math.round(rates.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        summary.put("runs", rates.stream().map(Math::round).toList());
        return summary;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** The 1-minute load average (Linux), or -1 where there is none: tells whether other work shared the CPUs. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void progress(String format, Object... args) {
        System.out.println("[ingest " + Instant.now().toString().substring(11, 19) + "] "
                + String.format(Locale.ROOT, format, args));
    }
}
