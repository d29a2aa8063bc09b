package io.syncmesh.sync.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.support.messaging.MeshHeaders;
import io.syncmesh.support.messaging.RecordBatches;

/**
 * Sends receipts to sync.results and conflict events to sync.conflicts. Every send completes only when Kafka
 * acknowledged it (acks=all, idempotent producer), so the caller commits its offsets after the events are durable. A
 * batch's events go to each channel's producer all at once ({@link RecordBatches}), not as a message each.
 */
@ApplicationScoped
public class EventPublisher {

    /** Never sent to: declares the channel, whose sink owns the producer used here. */
    @Inject
    @Channel(Channels.RESULTS)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> results;

    /** Never sent to: declares the channel, whose sink owns the producer used here. */
    @Inject
    @Channel(Channels.CONFLICTS)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> conflicts;

    @Inject
    KafkaClientService clients;

    @ConfigProperty(name = "mp.messaging.outgoing.sync-results.topic")
    String resultsTopic;

    @ConfigProperty(name = "mp.messaging.outgoing.sync-conflicts.topic")
    String conflictsTopic;

    /**
     * Sends the receipts and conflict events (the latter already serialized, as stored), each record with the trace
     * context of its change when known, and waits for every ack.
     */
    public Uni<Void> publish(List<ResultEvent> receipts, List<String> conflictEvents,
            Map<OutcomeKey, String> traces) {
        List<ProducerRecord<String, String>> receiptRecords = new ArrayList<>(receipts.size());
        for (ResultEvent receipt : receipts) {
            String key = receipt.tenant() + "/" + receipt.receipt().collection() + "/" + receipt.receipt().entityId();
            receiptRecords.add(record(resultsTopic, JsonColumns.write(receipt), key, receipt.tenant(),
                    receipt.receipt().changeId(),
                    traces.get(new OutcomeKey(receipt.tenant(), receipt.receipt().changeId()))));
        }
        List<ProducerRecord<String, String>> conflictRecords = new ArrayList<>(conflictEvents.size());
        for (String json : conflictEvents) {
            ConflictEvent event = JsonColumns.read(json, ConflictEvent.class);
            String changeId = event.envelope().change().changeId();
            conflictRecords.add(record(conflictsTopic, json, event.envelope().key().recordKey(),
                    event.envelope().tenant(), changeId,
                    traces.get(new OutcomeKey(event.envelope().tenant(), changeId))));
        }
        // The consumer's next steps (acknowledging, taking the next batch) belong on its own context.
        Uni<Void> receiptsSent = RecordBatches.send(clients.getProducer(Channels.RESULTS), receiptRecords,
                RecordBatches.ResumeOn.CALLER_CONTEXT);
        Uni<Void> conflictsSent = RecordBatches.send(clients.getProducer(Channels.CONFLICTS), conflictRecords,
                RecordBatches.ResumeOn.CALLER_CONTEXT);
        return Uni.join().all(receiptsSent, conflictsSent).andCollectFailures().replaceWithVoid();
    }

    private static ProducerRecord<String, String> record(String topic, String value, String key, String tenant,
            String changeId, String traceparent) {
        return new ProducerRecord<>(topic, null, key, value, MeshHeaders.of(tenant, changeId, traceparent));
    }
}
