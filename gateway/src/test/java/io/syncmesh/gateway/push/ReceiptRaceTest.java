package io.syncmesh.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import jakarta.enterprise.inject.Vetoed;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.syncmesh.gateway.auth.Caller;
import io.syncmesh.gateway.read.SyncServiceClient;
import io.syncmesh.gateway.receipt.ReceiptBoard;
import io.syncmesh.gateway.receipt.ReceiptCollectors;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;
import io.syncmesh.support.messaging.MeshHeaders;

/**
 * Pushes with {@code Prefer: wait} under concurrency, threaded as in production: the request's thread subscribes to its
 * push while Kafka's network thread acknowledges the records, and the sync.results consumer thread completes the waits,
 * which runs the waiting requests' chains on that thread. Every wait ends in its receipts, or in {@code pending} when
 * its time is up; never in a failure of the gateway's own making (such as the 503 for a {@code ClassCastException}
 * thrown while the consumer completed a wait, docs/performance.md).
 */
class ReceiptRaceTest {

    private static final String TENANT = "t1";
    private static final Caller DEVICE = new Caller(TENANT, "d1", false);
    /** Far longer than any test here runs: a wait that ends is one that its receipt ended, not its time. */
    private static final Duration LONG_WAIT = Duration.ofSeconds(30);

    private FakeMesh mesh;
    private ChangeSubmitter submitter;
    private ExecutorService eventLoops;
    private final AtomicInteger changeIds = new AtomicInteger();

    @BeforeAll
    static void startContextPropagation() {
        // Mutiny decorates every callback with SmallRye Context Propagation (as in Quarkus), whose provider a plain JVM
        // sets up lazily on first use: on one thread here, not in a race of the test's own threads.
        Uni.createFrom().item(1).map(i -> i).await().indefinitely();
    }

    @BeforeEach
    void wireTheGatewayOverAFakeMesh() {
        mesh = new FakeMesh();
        RequestTrace trace = new RequestTrace();
        trace.request = new CurrentVertxRequest();
        ChangeProducer producer = new ChangeProducer();
        producer.sender = mesh;
        producer.topic = Topics.CHANGES;
        producer.trace = trace;
        producer.maxInFlight = 1_000_000;
        producer.ackTimeout = LONG_WAIT;
        submitter = new ChangeSubmitter();
        submitter.producer = producer;
        submitter.receipts = ReceiptCollectors.over(mesh.board, mesh);
        submitter.trace = trace;
        eventLoops = Executors.newFixedThreadPool(4, named("vert.x-eventloop-thread"));
    }

    @AfterEach
    void stopTheMesh() {
        eventLoops.shutdownNow();
        mesh.stop();
    }

    @Test
    void hundredsOfConcurrentWaitsEachEndInTheirReceiptsAndNeverInAFailure() {
        List<Push> pushes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // A push that waits long enough for its receipts.
            pushes.add(push(changes(1 + i % 3), LONG_WAIT));
            // A device sending its push again while the first request still waits (its answer was lost): both wait
            // for the same change ids at once.
            List<Change> retried = changes(1 + i % 2);
            pushes.add(push(retried, LONG_WAIT));
            pushes.add(push(retried, LONG_WAIT));
            // A wait whose time runs out about when its receipt arrives (Prefer: wait=0 among them): either answer is
            // right, a failure is not.
            pushes.add(push(changes(1), Duration.ofMillis(i % 20)));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> pushes.stream().allMatch(p -> p.answer().isDone()));

        assertThat(pushes.stream().map(Push::failure).flatMap(Optional::stream).toList())
                .as("failed waits (of %d)", pushes.size()).isEmpty();
        assertThat(pushes).allSatisfy(push -> {
            List<ResultEvent> events = push.answer().join();
            assertThat(events).extracting(event -> event.receipt().changeId())
                    .containsExactlyElementsOf(push.changes().stream().map(Change::changeId).toList());
            if (push.waitFor().equals(LONG_WAIT)) {
                assertThat(events).extracting(event -> event.receipt().status()).containsOnly(ReceiptStatus.APPLIED);
            } else {
                assertThat(events).extracting(event -> event.receipt().status())
                        .isSubsetOf(ReceiptStatus.APPLIED, ReceiptStatus.PENDING);
            }
        });
    }

    @Test
    void aRetryWaitingForTheSameChangeGetsItsReceiptAfterTheFirstRequestStoppedWaiting() {
        // The receipt comes only once the test publishes it, after the first request's wait ran out.
        mesh.receiptsFlow = false;
        List<Change> change = changes(1);
        Push retry = push(change, LONG_WAIT);
        // The retry waits (it registers before it produces) before the first request's wait runs out.
        await().atMost(Duration.ofSeconds(5)).until(() -> mesh.handedOver.get() == 1);
        Push first = push(change, Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(5)).until(() -> first.answer().isDone());

        assertThat(first.answer().join()).extracting(event -> event.receipt().status())
                .containsExactly(ReceiptStatus.PENDING);

        mesh.publishReceipt(change.get(0).changeId());

        // Far less than the retry's own wait: the receipt ends it, not its time.
        await().atMost(Duration.ofSeconds(5)).until(() -> retry.answer().isDone());
        assertThat(retry.answer().join()).extracting(event -> event.receipt().status())
                .containsExactly(ReceiptStatus.APPLIED);
    }

    /** One request: submitted and subscribed on an event-loop thread, as the REST layer does with a resource's Uni. */
    private Push push(List<Change> changes, Duration wait) {
        CompletableFuture<List<ResultEvent>> answer = CompletableFuture
                .supplyAsync(() -> submitter.submitAndWait(DEVICE, changes, ConflictMode.MERGE, wait)
                        .subscribeAsCompletionStage(), eventLoops)
                .thenCompose(subscribed -> subscribed);
        return new Push(changes, wait, answer);
    }

    private List<Change> changes(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            int n = changeIds.incrementAndGet();
            return new Change("c" + n, "notes", "e" + n, Op.CREATE, null, Map.of("title", TextNode.valueOf("x")),
                    null, (long) n, List.of());
        }).toList();
    }

    private record Push(List<Change> changes, Duration waitFor, CompletableFuture<List<ResultEvent>> answer) {

        /** What the request failed with: the class and message, and where it was thrown (for the next diagnosis). */
        Optional<String> failure() {
            if (!answer.isCompletedExceptionally()) {
                return Optional.empty();
            }
            Throwable failure = answer.handle((ok, error) -> error).join();
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            StringBuilder described = new StringBuilder(cause.getClass().getName()).append(": ")
                    .append(cause.getMessage()).append(" (a wait of ").append(waitFor.toMillis()).append(" ms)");
            for (StackTraceElement frame : cause.getStackTrace()) {
                described.append("\n\tat ").append(frame);
            }
            return Optional.of(described.toString());
        }
    }

    /**
     * Kafka and the sync-service as the gateway sees them. A push's records are acknowledged on a thread of their own
     * (Kafka's network thread) a random few microseconds after they are handed over, so that the acknowledgement lands
     * anywhere in the request thread's own subscription to its push. Each acknowledged change is then applied, and its
     * receipt reaches the gateway in a batch polled by the one sync.results consumer thread. The stored outcomes know
     * nothing: a wait whose time ran out answers pending. Vetoed: the Quarkus tests of this module index the test
     * classes, and a second RecordSender bean there would make the gateway's own ambiguous.
     */
    @Vetoed
    static final class FakeMesh implements RecordSender, SyncServiceClient {

        final ReceiptBoard board = new ReceiptBoard();
        /** Pushes whose records were handed to Kafka. */
        final AtomicInteger handedOver = new AtomicInteger();
        /** False: receipts come only when the test publishes them. */
        volatile boolean receiptsFlow = true;
        private final ExecutorService kafkaNetwork = Executors.newFixedThreadPool(2,
                named("kafka-producer-network-thread"));
        private final BlockingQueue<String> applied = new LinkedBlockingQueue<>();
        private final ExecutorService consumer = Executors.newSingleThreadExecutor(named("smallrye-kafka-consumer"));
        private volatile boolean running = true;
        private long offset;

        FakeMesh() {
            consumer.execute(this::consume);
        }

        @Override
        public Uni<Void> sendAll(List<ProducerRecord<String, String>> records) {
            handedOver.incrementAndGet();
            return Uni.createFrom().emitter(acknowledgement -> kafkaNetwork.execute(() -> {
                spin(ThreadLocalRandom.current().nextLong(30_000));
                acknowledgement.complete(null);
                if (receiptsFlow) {
                    records.forEach(record -> applied.add(MeshHeaders.text(record.headers(), Topics.HEADER_CHANGE_ID)));
                }
            }));
        }

        void publishReceipt(String changeId) {
            applied.add(changeId);
        }

        void stop() {
            running = false;
            consumer.shutdownNow();
            kafkaNetwork.shutdownNow();
        }

        private void consume() {
            while (running) {
                String first;
                try {
                    first = applied.poll(10, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (first == null) {
                    continue;
                }
                List<String> batch = new ArrayList<>(List.of(first));
                applied.drainTo(batch, 499);
                board.onReceipts(receipts(batch));
            }
        }

        private ConsumerRecords<String, String> receipts(List<String> changeIds) {
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            for (String changeId : changeIds) {
                ResultEvent event = ResultEvent.of(TENANT, DEVICE.device(),
                        Receipt.applied(changeId, "notes", "e", 1), null);
                records.add(new ConsumerRecord<>(Topics.RESULTS, 0, offset++, System.currentTimeMillis(),
                        TimestampType.CREATE_TIME, -1, -1, null, SyncJson.write(event),
                        MeshHeaders.of(TENANT, changeId, null), Optional.empty()));
            }
            return new ConsumerRecords<>(Map.of(new TopicPartition(Topics.RESULTS, 0), records));
        }

        @Override
        public Uni<Receipts> receipts(String tenant, ReceiptQuery query) {
            return Uni.createFrom().item(new Receipts(List.of()));
        }

        @Override
        public Uni<Response> pull(String tenant, String device, String collections, String cursor, Integer limit) {
            throw new UnsupportedOperationException("not part of a push");
        }

        @Override
        public Uni<Response> entity(String tenant, String collection, String id, String ifNoneMatch) {
            throw new UnsupportedOperationException("not part of a push");
        }
    }

    /**
     * Busy-waits: an acknowledgement has to be placed within microseconds, finer than any sleep, and this is a fake
     * network's latency, not a test waiting for something.
     */
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
