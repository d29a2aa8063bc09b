package io.syncmesh.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.syncmesh.gateway.push.ChangeProducer.KafkaBackPressure;
import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;

/** Back-pressure when Kafka is slow: a push fails fast rather than hanging, and the buffer stays bounded. */
class ChangeProducerTest {

    /** A Kafka that never acknowledges. */
    private static ChangeProducer producerOverASilentKafka(int maxInFlight, Duration ackTimeout) {
        ChangeProducer producer = new ChangeProducer();
        producer.sender = records -> Uni.createFrom().emitter((UniEmitter<? super Void> e) -> {
        });
        producer.topic = "sync.changes";
        producer.trace = new RequestTrace();
        producer.trace.request = new CurrentVertxRequest();
        producer.maxInFlight = maxInFlight;
        producer.ackTimeout = ackTimeout;
        return producer;
    }

    private static List<ChangeEnvelope> envelopes(int count) {
        return IntStream.range(0, count).mapToObj(i -> ChangeEnvelope.fromClient("t1", "d1", Instant.now(),
                new Change("c" + i, "notes", "e" + i, Op.CREATE, null, Map.of("title", TextNode.valueOf("x")), null,
                        (long) i + 1, List.of()),
                ConflictMode.MERGE)).toList();
    }

    @Test
    void aPushKafkaDoesNotAcknowledgeInTimeFailsWithBackPressureInsteadOfHanging() {
        ChangeProducer producer = producerOverASilentKafka(100, Duration.ofMillis(200));

        assertThatThrownBy(() -> producer.send(envelopes(3)).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOf(KafkaBackPressure.class).hasMessageContaining("did not acknowledge");
        assertThat(producer.inFlight()).as("still counted: the records may yet land").isEqualTo(3);
    }

    @Test
    void beyondTheInFlightLimitAPushFailsAtOnceAndIsNotSent() {
        ChangeProducer producer = producerOverASilentKafka(4, Duration.ofSeconds(30));
        producer.send(envelopes(3));

        assertThatThrownBy(() -> producer.send(envelopes(2)).await().atMost(Duration.ofMillis(500)))
                .isInstanceOf(KafkaBackPressure.class).hasMessageContaining("too many");
        assertThat(producer.inFlight()).isEqualTo(3);
    }
}
