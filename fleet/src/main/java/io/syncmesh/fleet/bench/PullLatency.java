package io.syncmesh.fleet.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.SyncJson;

/**
 * How pull costs grow with the entities of a tenant: a device that never pulled walks the whole snapshot in pages of
 * 1,000 (each page's latency, and the walk's total), then, with the cursor it ended on, pulls again after each of a
 * series of small pushes by other devices (the everyday case: a few changes since the last sync). The device honours
 * the gateway's rate limit as a client must: a {@code 429} is retried after its {@code Retry-After}, which counts in
 * the walk's total but not in any pull's latency.
 */
public final class PullLatency {

    /** The figures at one tenant size. */
    public record At(int entities, int snapshotPages, double snapshotSeconds, Latencies snapshotPage,
            Latencies incremental, int throttled) {
    }

    private static final int PAGE = 1000;
    private static final int INCREMENTAL_PULLS = 30;
    private static final int CHANGES_BETWEEN_PULLS = 10;
    private static final String READER = "bench-reader";
    private static final Duration INCREMENTAL_DEADLINE = Duration.ofSeconds(10);
    private static final int MAX_THROTTLED_ATTEMPTS = 10;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private int throttled;

    public PullLatency(URI gateway) {
        this.gateway = gateway;
    }

    /**
     * Measures a tenant that already holds {@code entities} notes; {@code tokens} signs for its devices and
     * {@code pushAndWait} pushes a workload and returns once it is applied.
     */
    public At measure(String tenant, int entities, Function<String, String> tokens, PushAndWait pushAndWait,
            int titleChars) throws Exception {
        String reader = tokens.apply(READER);
        throttled = 0;
        List<Long> pageNanos = new ArrayList<>();
        String cursor = null;
        int seen = 0;
        long walk = System.nanoTime();
        boolean more = true;
        while (more) {
            long start = System.nanoTime();
            Timed timed = pull(reader, cursor, PAGE);
            PullPage page = timed.page();
            pageNanos.add(timed.nanos());
            seen += page.entities().size();
            cursor = page.cursor();
            more = page.hasMore();
        }
        double walkSeconds = (System.nanoTime() - walk) / 1e9;
        if (seen != entities) {
            throw new IllegalStateException("the snapshot of " + tenant + " held " + seen + " entities, not "
                    + entities);
        }
        long[] incremental = new long[INCREMENTAL_PULLS];
        for (int i = 0; i < INCREMENTAL_PULLS; i++) {
            pushAndWait.run(Workload.creates(tenant, CHANGES_BETWEEN_PULLS, CHANGES_BETWEEN_PULLS, titleChars,
                    (long) entities * 31 + i));
            // A commit becomes visible to pull once every older transaction has ended (DESIGN.md, the pull
            // horizon): the time runs until the device has all the changes, however many pulls that takes.
            long start = System.nanoTime();
            int got = 0;
            while (got < CHANGES_BETWEEN_PULLS) {
                PullPage page = pull(reader, cursor, PAGE).page();
                got += page.entities().size();
                cursor = page.cursor();
                if (System.nanoTime() - start > INCREMENTAL_DEADLINE.toNanos()) {
                    throw new IllegalStateException("an incremental pull of " + tenant + " got " + got + " of "
                            + CHANGES_BETWEEN_PULLS + " entities in " + INCREMENTAL_DEADLINE.toSeconds() + " s");
                }
            }
            incremental[i] = System.nanoTime() - start;
        }
        return new At(entities, pageNanos.size(), walkSeconds,
                Latencies.ofNanos(pageNanos.stream().mapToLong(Long::longValue).toArray()),
                Latencies.ofNanos(incremental), throttled);
    }

    /** Pushes a workload and returns once every change of it is applied. */
    @FunctionalInterface
    public interface PushAndWait {

        void run(Workload workload) throws Exception;
    }

    private record Timed(PullPage page, long nanos) {
    }

    /** A page and the time of the request that got it; a 429 is waited out and retried. */
    private Timed pull(String token, String cursor, int limit) throws Exception {
        String query = "/v1/sync/pull?collections=notes&limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(query)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).GET().build();
        for (int attempt = 1; attempt <= MAX_THROTTLED_ATTEMPTS; attempt++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            if (answer.statusCode() == 200) {
                return new Timed(SyncJson.read(answer.body(), PullPage.class), nanos);
            }
            if (answer.statusCode() != 429) {
                throw new IllegalStateException("pull answered " + answer.statusCode() + ": " + answer.body());
            }
            throttled++;
            long seconds = answer.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
            Thread.sleep(Duration.ofSeconds(seconds).toMillis());
        }
        throw new IllegalStateException("pull was refused " + MAX_THROTTLED_ATTEMPTS + " times in a row (429)");
    }
}
