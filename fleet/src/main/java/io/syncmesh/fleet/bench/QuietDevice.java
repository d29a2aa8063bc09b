package io.syncmesh.fleet.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The quiet tenant of {@link NoisyNeighbour}: one device pushing one change at a steady pace, on the client it keeps
 * between windows. Each push's latency runs from its send to its answer, as in LoadSheddingIT, where the figures of
 * docs/performance.md and the 2.0 target come from. One paced thread waits for each answer, so behind a slow answer the
 * pushes come slower than the pace and then back to back until they catch up.
 */
final class QuietDevice {

    /** What one window's pushes got: each latency in nanoseconds, and the answers by status. */
    record Window(long[] nanos, Map<Integer, Integer> answers) {
    }

    private final GatewayPush device;
    private final String token;
    private final int pushesPerSecond;

    QuietDevice(URI gateway, String token, int pushesPerSecond) {
        // A client of its own: one client multiplexes every request on one connection and reads every answer on one
        // selector thread, so a client shared with the flood would queue this device behind it before the gateway.
        this.device = new GatewayPush(gateway, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        this.token = token;
        this.pushesPerSecond = pushesPerSecond;
    }

    /** Sends {@code count} pushes at the pace and returns once all are answered. */
    Window pushes(int count) throws InterruptedException {
        long[] nanos = new long[count];
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(count);
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        pace.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < count) {
                long sent = System.nanoTime();
                HttpResponse<Void> answer = device.send(token, GatewayPush.oneCreate());
                nanos[i] = System.nanoTime() - sent;
                answers.computeIfAbsent(answer == null ? GatewayPush.NO_ANSWER : answer.statusCode(),
                        k -> new AtomicInteger()).incrementAndGet();
                answered.countDown();
            }
        }, 0, 1_000_000_000L / pushesPerSecond, TimeUnit.NANOSECONDS);
        try {
            // A guard, not the measure: beside the flood on a slow machine the pushes come slower than the pace (968
            // of 1,000 after 55 s in one run of LoadSheddingIT). Each push ends within its own timeout anyway.
            long guardSeconds = 3L * count / pushesPerSecond + GatewayPush.TIMEOUT.toSeconds() + 30;
            if (!answered.await(guardSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the quiet device had " + (count - answered.getCount()) + " of "
                        + count + " pushes answered after " + guardSeconds + " s");
            }
        } finally {
            pace.shutdownNow();
        }
        Map<Integer, Integer> byStatus = new TreeMap<>();
        answers.forEach((status, n) -> byStatus.put(status, n.get()));
        return new Window(nanos, byStatus);
    }
}
