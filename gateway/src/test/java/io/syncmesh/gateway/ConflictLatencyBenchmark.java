package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevStack;
import io.syncmesh.devstack.DevTokens;
import io.syncmesh.devstack.MeshServices;
import io.syncmesh.devstack.PostgresDatabase;
import io.syncmesh.devstack.QuarkusAppProcess;
import io.syncmesh.protocol.SyncJson;

/**
 * Not part of the test run (the name matches neither *Test nor *IT). Measures what the conflict path adds: the time
 * from a push with {@code Prefer: wait} to its final receipt, for an update on the current version ({@code applied},
 * the plain path) and for an update of another field on a stale version ({@code merged}: sync-service, sync.conflicts,
 * conflict-service, sync.changes, sync-service again). Both kinds alternate in one run against the same packaged mesh
 * (devstack Kafka and PostgreSQL, sync-service, conflict-service, gateway), one request at a time.
 *
 * <p>
 * Run with {@code ./mvnw -pl gateway verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ConflictLatencyBenchmark} (after packaging the services); {@code bench.samples} (default 300) per kind. The
 * result is in {@code target/bench/conflict-latency.json}.
 */
class ConflictLatencyBenchmark {

    private static final int SAMPLES = Integer.getInteger("bench.samples", 300);
    private static final int WARMUP = 30;
    private static final String ISSUER = "https://syncmesh.dev/bench";
    private static final String TENANT = "bench-conflicts";

    @Test
    void conflictPathLatencyAgainstThePlainPath() throws Exception {
        DevStack stack = DevStack.shared();
        PostgresDatabase database = stack.postgres().createUniqueDatabase();
        Path keyDir = Files.createTempDirectory("conflict-bench-keys");
        DevKeys keys = DevKeys.loadOrCreate(keyDir);
        try (QuarkusAppProcess syncService = MeshServices.syncService(stack, database,
                Path.of("target", "bench-sync-service.log")).build();
                QuarkusAppProcess conflictService = MeshServices.conflictService(stack, database,
                        Path.of("target", "bench-conflict-service.log")).build()) {
            syncService.start();
            conflictService.start();
            try (QuarkusAppProcess gateway = MeshServices.gateway(stack.bootstrapServers(), keyDir, ISSUER,
                    Path.of("target", "bench-gateway.log"))
                    .env("SYNC_SERVICE_URL", syncService.baseUrl())
                    .env("CONFLICT_SERVICE_URL", conflictService.baseUrl()).build()) {
                gateway.start();
                Client a = new Client(gateway.baseUrl(), token(keys, "dev-a"));
                Client b = new Client(gateway.baseUrl(), token(keys, "dev-b"));
                run(a, b, WARMUP, new ArrayList<>(), new ArrayList<>());
                List<Long> plain = new ArrayList<>();
                List<Long> merged = new ArrayList<>();
                run(a, b, SAMPLES, plain, merged);
                report(plain, merged);
            }
        }
    }

    /** For each entity: create; dev-a updates the title on v1 (plain, timed); dev-b the color on v1 (merged, timed). */
    private static void run(Client a, Client b, int samples, List<Long> plain, List<Long> merged) throws Exception {
        for (int i = 0; i < samples; i++) {
            String entity = "e-" + UUID.randomUUID();
            a.pushAndWait(change("create", entity, null, "{\"title\":\"t\",\"color\":\"white\"}"), "applied");
            plain.add(a.pushAndWait(change("update", entity, 1L, "{\"title\":\"t2\"}"), "applied"));
            merged.add(b.pushAndWait(change("update", entity, 1L, "{\"color\":\"red\"}"), "merged"));
        }
    }

    private static String change(String op, String entity, Long base, String fields) {
        return """
                {"changes":[{"changeId":"%s","collection":"notes","entityId":"%s","op":"%s",%s"fields":%s}]}"""
                .formatted(UUID.randomUUID(), entity, op, base == null ? "" : "\"baseVersion\":" + base + ",",
                        fields);
    }

    private static String token(DevKeys keys, String device) {
        return DevTokens.builder().issuer(ISSUER).tenant(TENANT).device(device).groups("device").sign(keys);
    }

    private static void report(List<Long> plainNanos, List<Long> mergedNanos) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("samplesPerKind", plainNanos.size());
        report.put("appliedMs", percentiles(plainNanos));
        report.put("mergedMs", percentiles(mergedNanos));
        double plainMedian = percentile(plainNanos, 50);
        double mergedMedian = percentile(mergedNanos, 50);
        report.put("addedMedianMs", round((mergedMedian - plainMedian) / 1e6));
        report.put("medianRatio", round(mergedMedian / plainMedian));
        String json = SyncJson.write(report);
        Path out = Path.of("target", "bench");
        Files.createDirectories(out);
        Files.writeString(out.resolve("conflict-latency.json"), json);
        System.out.println("CONFLICT LATENCY BENCHMARK " + json);
    }

    private static Map<String, Double> percentiles(List<Long> nanos) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (int p : new int[]{50, 90, 99}) {
            result.put("p" + p, round(percentile(nanos, p) / 1e6));
        }
        result.put("mean", round(nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6));
        return result;
    }

    private static double percentile(List<Long> values, int p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** One device: pushes one change at a time and waits for its final receipt. */
    private record Client(String baseUrl, String token) {

        private static final HttpClient HTTP = HttpClient.newHttpClient();

        /** The nanoseconds from sending the push to the answer with the final receipt, which must be as expected. */
        long pushAndWait(String body, String expectedStatus) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/sync/push"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .header("Prefer", "wait=30").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long started = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - started;
            assertThat(answer.statusCode()).isEqualTo(200);
            JsonNode receipt = SyncJson.mapper().readTree(answer.body()).path("receipts").path(0);
            assertThat(receipt.path("status").asText()).as(answer.body()).isEqualTo(expectedStatus);
            return elapsed;
        }
    }
}
