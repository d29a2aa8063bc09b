package io.syncmesh.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;

/** A batch against Kafka's own MockProducer, whose acknowledgements the test gives one by one. */
class RecordBatchesTest {

    private final MockProducer<String, String> kafka = new MockProducer<>(false, null, new StringSerializer(),
            new StringSerializer());

    /** The channel's producer as SmallRye wraps it: its sending thread is the caller's thread here. */
    @SuppressWarnings("unchecked")
    private final KafkaProducer<String, String> channel = (KafkaProducer<String, String>) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{KafkaProducer.class}, (proxy, method, args) -> {
                if (method.getName().equals("runOnSendingThread") && args[0] instanceof Consumer<?> action) {
                    return Uni.createFrom().item(() -> {
                        ((Consumer<Producer<String, String>>) action).accept(kafka);
                        return null;
                    });
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private static List<ProducerRecord<String, String>> records(int count) {
        return IntStream.range(0, count).mapToObj(i -> new ProducerRecord<>("t", "k" + i, "v" + i)).toList();
    }

    @Test
    void completesOnlyWhenKafkaAcknowledgedEveryRecord() {
        UniAssertSubscriber<Void> answer = RecordBatches.send(channel, records(3), RecordBatches.ResumeOn.KAFKA_THREAD)
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        assertThat(kafka.history()).hasSize(3);
        kafka.completeNext();
        kafka.completeNext();
        answer.assertNotTerminated();
        kafka.completeNext();
        answer.awaitItem(Duration.ofSeconds(5));
    }

    @Test
    void failsWithTheFirstFailureOnceEveryRecordIsAnswered() {
        UniAssertSubscriber<Void> answer = RecordBatches.send(channel, records(3), RecordBatches.ResumeOn.KAFKA_THREAD)
                .subscribe().withSubscriber(UniAssertSubscriber.create());

        kafka.completeNext();
        kafka.errorNext(new IllegalStateException("first"));
        answer.assertNotTerminated();
        kafka.errorNext(new IllegalStateException("second"));
        answer.awaitFailure(Duration.ofSeconds(5)).assertFailedWith(IllegalStateException.class, "first");
    }

    @Test
    void nothingIsSentBeforeSubscriptionAndEachSubscriptionSendsOnce() {
        Uni<Void> batch = RecordBatches.send(channel, records(2), RecordBatches.ResumeOn.KAFKA_THREAD);
        assertThat(kafka.history()).isEmpty();

        UniAssertSubscriber<Void> first = batch.subscribe().withSubscriber(UniAssertSubscriber.create());
        kafka.completeNext();
        kafka.completeNext();
        first.awaitItem(Duration.ofSeconds(5));
        UniAssertSubscriber<Void> second = batch.subscribe().withSubscriber(UniAssertSubscriber.create());

        assertThat(kafka.history()).hasSize(4);
        second.assertNotTerminated();
        kafka.completeNext();
        kafka.completeNext();
        second.awaitItem(Duration.ofSeconds(5));
    }

    @Test
    void aSendThatThrowsCountsAsAFailedRecord() {
        kafka.close();

        assertThatThrownBy(() -> RecordBatches.send(channel, records(2), RecordBatches.ResumeOn.CALLER_CONTEXT)
                .await().atMost(Duration.ofSeconds(5))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEmptyBatchCompletesAtOnce() {
        RecordBatches.send(channel, List.of(), RecordBatches.ResumeOn.KAFKA_THREAD).await()
                .atMost(Duration.ofSeconds(1));

        assertThat(kafka.history()).isEmpty();
    }
}
