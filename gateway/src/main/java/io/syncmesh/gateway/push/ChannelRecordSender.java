package io.syncmesh.gateway.push;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.syncmesh.protocol.Channels;
import io.syncmesh.support.messaging.RecordBatches;

/** Sends a push's records with the producer of the sync-changes channel, all at once ({@link RecordBatches}). */
@ApplicationScoped
public class ChannelRecordSender implements RecordSender {

    /** Never sent to: it declares the outgoing channel, whose sink owns the producer that {@link #sendAll} uses. */
    @Inject
    @Channel(Channels.CHANGES)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> channel;

    @Inject
    KafkaClientService clients;

    @Override
    public Uni<Void> sendAll(List<ProducerRecord<String, String>> records) {
        return RecordBatches.send(clients.getProducer(Channels.CHANGES), records,
                RecordBatches.ResumeOn.KAFKA_THREAD);
    }
}
