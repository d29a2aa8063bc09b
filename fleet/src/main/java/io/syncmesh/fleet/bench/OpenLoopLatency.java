package io.syncmesh.fleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.SyncJson;

/**
 * R3: push-to-visible latency at a fixed open-loop rate. Pushes are sent on a fixed schedule whatever the answers do
 * (an open loop: a slow answer does not delay the next push), each with {@code Prefer: wait}, which the gateway answers
 * once every change's final receipt is in, i.e. once the change is committed and a pull sees it. A push's latency runs
 * from its scheduled time, not from when it was sent, so a backlog on the client side counts (no coordinated omission).
 */
public final class OpenLoopLatency {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI push;

    public OpenLoopLatency(URI gateway) {
        this.push = gateway.resolve("/v1/sync/push");
    }

    /**
     * Sends the workload's pushes at {@code changesPerSecond} (pushes spaced by batch size over rate); returns every
     * push's latency in nanoseconds. Fails when a push is not answered 200 with every change applied.
     */
    public long[] run(Workload workload, Function<String, String> tokens, double changesPerSecond)
            throws Exception {
        List<Workload.Batch> sends = workload.sends();
        long[] latencies = new long[sends.size()];
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        long start = System.nanoTime();
        long scheduled = start;
        for (int i = 0; i < sends.size(); i++) {
            Workload.Batch batch = sends.get(i);
            scheduled += (long) (batch.changes().size() * 1e9 / changesPerSecond);
            long due = scheduled;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            int index = i;
            HttpRequest request = HttpRequest.newBuilder(push).timeout(WAIT.plusSeconds(10))
                    .header("Authorization", "Bearer " + tokens.apply(batch.device()))
                    .header("Content-Type", "application/json")
                    .header("Prefer", "wait=" + WAIT.toSeconds())
                    .POST(HttpRequest.BodyPublishers.ofString(batch.pushBody())).build();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((answer, error) -> {
                latencies[index] = System.nanoTime() - due;
                String failure = failure(answer, error, batch.changes().size());
                if (failure != null) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, failure);
                }
                return null;
            }));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds() + 60,
                TimeUnit.SECONDS);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + sends.size() + " pushes failed, the first: "
                    + firstFailure.get());
        }
        return latencies;
    }

    /** Null when every change of the push was applied; else what went wrong. */
    private static String failure(HttpResponse<String> answer, Throwable error, int changes) {
        if (error != null) {
            return error.toString();
        }
        if (answer.statusCode() != 200) {
            return "status " + answer.statusCode() + ": " + answer.body();
        }
        Receipts receipts = SyncJson.read(answer.body(), Receipts.class);
        long applied = receipts.receipts().stream().filter(r -> r.status() == ReceiptStatus.APPLIED).count();
        return applied == changes ? null : applied + " of " + changes + " changes applied in time";
    }

    /** The answer to a push with {@code Prefer: wait}. */
    record Receipts(List<Receipt> receipts) {
    }
}
