package io.syncmesh.gateway.push;

import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.smallrye.mutiny.Uni;

/** Hands records to Kafka and completes when Kafka acknowledged every one of them (or failed if any failed). */
@FunctionalInterface
public interface RecordSender {

    Uni<Void> sendAll(List<ProducerRecord<String, String>> records);
}
