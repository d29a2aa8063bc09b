package io.syncmesh.fleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The noisy tenant of {@link NoisyNeighbour}: devices, each with a client (a connection) of its own, pushing one change
 * at an offered rate in all until closed; its answers by status ({@link GatewayPush#NO_ANSWER} for none). An offered
 * rate, not devices sending back to back: the load generator shares the machine with the gateway, and a closed loop
 * would send as fast as the cores allow and so measure the CPU the generator takes from the quiet tenant as much as
 * what the gateway lets the noisy tenant cost it (docs/performance.md). A device that falls behind its pace sends back
 * to back until it catches up.
 */
final class Flood implements AutoCloseable {

    /** How long {@link #start} waits for the first refusal: the flood must be refused before anything is measured. */
    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(10);

    private final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final AtomicInteger refusedWithoutRetryAfter = new AtomicInteger();
    private final CompletableFuture<Void> firstRefusal = new CompletableFuture<>();
    private final ScheduledExecutorService devices;
    private final long start = System.nanoTime();
    private long end;

    private Flood(int deviceCount) {
        this.devices = Executors.newScheduledThreadPool(deviceCount);
    }

    /**
     * Starts {@code deviceCount} devices of the tenant whose tokens {@code tokens} signs, pushing
     * {@code pushesPerSecond} in all, and returns once the gateway refuses them (429), so that what is measured beside
     * the flood is measured beside one being refused, not one still within its burst. Fails, with the answers so far,
     * when no refusal comes within 10 s.
     */
    static Flood start(URI gateway, Function<String, String> tokens, int deviceCount, int pushesPerSecond)
            throws InterruptedException {
        Flood flood = new Flood(deviceCount);
        long periodNanos = deviceCount * 1_000_000_000L / pushesPerSecond;
        for (int d = 0; d < deviceCount; d++) {
            GatewayPush device = new GatewayPush(gateway, HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5)).build());
            String token = tokens.apply("noisy-" + d);
            // One body per device, sent again and again: the refused pushes are the load, and the few admitted ones
            // are replays the sync-service records once.
            String body = GatewayPush.oneCreate();
            flood.devices.scheduleAtFixedRate(() -> flood.record(device.send(token, body)),
                    d * periodNanos / deviceCount, periodNanos, TimeUnit.NANOSECONDS);
        }
        try {
            flood.firstRefusal.get(REFUSED_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            flood.close();
            throw new IllegalStateException("the flood was not refused within " + REFUSED_WITHIN.toSeconds()
                    + " s; its answers by status: " + flood.answers());
        } catch (ExecutionException e) {
            flood.close();
            throw new IllegalStateException(e.getCause());
        }
        return flood;
    }

    private void record(HttpResponse<Void> answer) {
        int status = answer == null ? GatewayPush.NO_ANSWER : answer.statusCode();
        answers.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
        if (status == 429) {
            if (answer.headers().firstValue("Retry-After").isEmpty()) {
                refusedWithoutRetryAfter.incrementAndGet();
            }
            firstRefusal.complete(null);
        }
    }

    /** The answers so far by status. */
    Map<Integer, Integer> answers() {
        Map<Integer, Integer> counts = new TreeMap<>();
        answers.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    /** 429s that did not say when to come back. */
    int refusedWithoutRetryAfter() {
        return refusedWithoutRetryAfter.get();
    }

    /** From the start to {@link #close}. */
    double seconds() {
        return (end - start) / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        devices.shutdown();
        // A push in flight ends within its 30 s timeout; its answer still counts.
        devices.awaitTermination(GatewayPush.TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        end = System.nanoTime();
    }
}
