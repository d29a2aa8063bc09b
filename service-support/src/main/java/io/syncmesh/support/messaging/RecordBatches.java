package io.syncmesh.support.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Sends many records at once with the Kafka producer of an outgoing channel (as configured for the channel: acks,
 * idempotence, linger, compression), in one task on the channel's sending thread.
 *
 * <p>
 * Why not the channel's emitter: an emitter makes a message per record, with its metadata, a captured context, a
 * tracing hook and a hop through the sink, and a batch of a thousand receipts paid all of that a thousand times. The
 * profile of the push path showed that overhead as the largest part of the gateway's own CPU time. Here a batch is one
 * hand-over and one callback per record. A channel used this way still needs its emitter injected somewhere: that is
 * what makes SmallRye create the sink that owns the producer (its configuration, metrics and health check).
 */
public final class RecordBatches {

    private RecordBatches() {
    }

    /** Where the sender goes on once Kafka answered. */
    public enum ResumeOn {
        /**
         * The caller's Vert.x context, when it has one: for callers whose next steps belong there, such as a consumer
         * that takes its next batch.
         */
        CALLER_CONTEXT,
        /**
         * Kafka's network thread, for short continuations that dispatch themselves. A REST resource's answer is one:
         * the REST layer queues it on the request's event loop anyway, and a hop of our own before that would queue the
         * request twice behind whatever else the event loop has to do (under a flood of refused requests, that doubled
         * a quiet tenant's p99 in LoadSheddingIT).
         */
        KAFKA_THREAD
    }

    /**
     * Hands the records to {@code producer}; completes when Kafka acknowledged every one, or fails with the first
     * failure once every record has been answered, on the thread {@code resumeOn} says. Nothing is sent before the
     * answer is subscribed to, and each subscription sends the records once, with its own count of acknowledgements.
     */
    public static Uni<Void> send(KafkaProducer<String, String> producer, List<ProducerRecord<String, String>> records,
            ResumeOn resumeOn) {
        if (records.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> sendNow(producer, records, resumeOn));
    }

    private static Uni<Void> sendNow(KafkaProducer<String, String> producer,
            List<ProducerRecord<String, String>> records, ResumeOn resumeOn) {
        Context context = resumeOn == ResumeOn.CALLER_CONTEXT ? Vertx.currentContext() : null;
        Acknowledgements acks = new Acknowledgements(records.size(), context);
        Consumer<Producer<String, String>> sendEach = kafka -> {
            for (ProducerRecord<String, String> record : records) {
                try {
                    kafka.send(record, acks);
                } catch (RuntimeException e) {
                    // Kafka reports most failures through the callback; the rest (interrupted, serialization) throw.
                    acks.onCompletion(null, e);
                }
            }
        };
        return producer.runOnSendingThread(sendEach)
                .flatMap(handedOver -> Uni.createFrom().completionStage(acks.all));
    }

    /** Counts one batch's callbacks down to zero, keeping the first failure. */
    private static final class Acknowledgements implements Callback {

        final CompletableFuture<Void> all = new CompletableFuture<>();
        private final AtomicInteger waiting;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Context context;

        Acknowledgements(int records, Context context) {
            this.waiting = new AtomicInteger(records);
            this.context = context;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
            if (waiting.decrementAndGet() == 0) {
                if (context == null) {
                    complete();
                } else {
                    context.runOnContext(ignored -> complete());
                }
            }
        }

        private void complete() {
            Exception first = failure.get();
            if (first == null) {
                all.complete(null);
            } else {
                all.completeExceptionally(first);
            }
        }
    }
}
