package io.syncmesh.fleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.syncmesh.protocol.PushResponse;
import io.syncmesh.protocol.SyncJson;

/**
 * Pushes a workload's batches to the gateway ({@code POST /v1/sync/push}, no {@code Prefer: wait}) as fast as they are
 * answered, from several client threads. Every push must be answered 202 with all its changes accepted: a refused
 * change would make any figure count work that was not done.
 */
public final class Pusher {

    /** A finished push of a workload: the wall time from the first request to the last answer, each request's time. */
    public record Run(long wallNanos, long[] requestNanos) {

        public double seconds() {
            return wallNanos / 1e9;
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI push;

    public Pusher(URI gateway) {
        this.push = gateway.resolve("/v1/sync/push");
    }

    /** Sends every push of the workload, each with the token of its batch's device. */
    public Run push(Workload workload, Function<String, String> tokens, int clients) throws Exception {
        List<Workload.Batch> sends = workload.sends();
        List<String> bodies = sends.stream().map(Workload.Batch::pushBody).toList();
        long[] requestNanos = new long[bodies.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<Void>> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                senders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        send(bodies.get(i), tokens.apply(sends.get(i).device()), sends.get(i).changes().size());
                        requestNanos[i] = System.nanoTime() - sent;
                    }
                    return null;
                }));
            }
            for (Future<Void> sender : senders) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Run(System.nanoTime() - start, requestNanos);
    }

    private void send(String body, String token, int changes) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(push).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("push answered " + answer.statusCode() + ": " + answer.body());
        }
        PushResponse accepted = SyncJson.read(answer.body(), PushResponse.class);
        if (accepted.accepted().size() != changes) {
            throw new IllegalStateException("push accepted " + accepted.accepted().size() + " of " + changes
                    + " changes: " + accepted.rejected());
        }
    }
}
