package io.syncmesh.gateway.push;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.support.messaging.MeshHeaders;

/**
 * Produces change envelopes to sync.changes, keyed by tenant/collection/entityId so that every change of an entity
 * lands in one partition, and completes when Kafka acknowledged all of them (acks=all, idempotent producer).
 */
@ApplicationScoped
public class ChangeProducer {

    @Inject
    RecordSender sender;

    @ConfigProperty(name = "mp.messaging.outgoing.sync-changes.topic")
    String topic;

    @Inject
    RequestTrace trace;

    /** Changes sent and not yet acknowledged, over all requests: Kafka slowing down shows here first. */
    private final AtomicInteger inFlight = new AtomicInteger();

    @ConfigProperty(name = "syncmesh.push.max-in-flight")
    int maxInFlight;

    @ConfigProperty(name = "syncmesh.push.ack-timeout")
    Duration ackTimeout;

    /** Changes the gateway has sent to Kafka and not yet seen acknowledged. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Completes when Kafka acknowledged every envelope; fails with {@link KafkaBackPressure} at once when too many
     * changes already wait for Kafka, or when the acknowledgements take longer than the ack timeout. Either way the
     * caller answers 503: a request never hangs on a slow broker, and the buffer in front of it stays bounded.
     */
    public Uni<Void> send(List<ChangeEnvelope> envelopes) {
        if (envelopes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int count = envelopes.size();
        if (inFlight.addAndGet(count) > maxInFlight) {
            inFlight.addAndGet(-count);
            return Uni.createFrom().failure(new KafkaBackPressure("too many changes wait for Kafka"));
        }
        String traceparent = trace.traceparent();
        List<ProducerRecord<String, String>> records = new ArrayList<>(count);
        for (ChangeEnvelope envelope : envelopes) {
            records.add(record(topic, envelope, traceparent));
        }
        // The records are handed to the producer whatever happens next; they stay counted until Kafka answers.
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        sender.sendAll(records)
                .onTermination().invoke(() -> inFlight.addAndGet(-count))
                .subscribe().with(acknowledged::complete, acknowledged::completeExceptionally);
        // Not memoize(): a memoized Uni signals onSubscribe to a late subscriber outside its lock, so Kafka's network
        // thread could deliver the acknowledgement before the request's chain was subscribed. The caller's flatMap
        // then took its inner Uni's item (the receipts, a List) for its upstream item and applied its Void function to
        // it: the ClassCastException of docs/performance.md. A completion stage always signals onSubscribe first. Each
        // subscription waits on a copy, so that its cancellation (the ack timeout) leaves the acknowledgement alone.
        // ifNoItem() stays for that timeout: its own gap (ReceiptCollector) needs the subscribing thread to stall
        // for the whole ack timeout.
        return Uni.createFrom().completionStage(acknowledged::copy)
                .ifNoItem().after(ackTimeout)
                .failWith(() -> new KafkaBackPressure("Kafka did not acknowledge within " + ackTimeout));
    }

    /** Kafka cannot take more now: retry later with the same change ids. */
    public static final class KafkaBackPressure extends RuntimeException {

        KafkaBackPressure(String message) {
            super(message, null, false, false);
        }
    }

    private static ProducerRecord<String, String> record(String topic, ChangeEnvelope envelope, String traceparent) {
        String json;
        try {
            json = SyncJson.mapper().writeValueAsString(envelope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a validated change always serializes", e);
        }
        return new ProducerRecord<>(topic, null, envelope.key().recordKey(), json,
                MeshHeaders.of(envelope.tenant(), envelope.change().changeId(), traceparent));
    }
}
