package io.syncmesh.sync.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

class PublishWindowTest {

    @Test
    void consumerGoesOnWhileTheWindowHasRoom() {
        PublishWindow window = new PublishWindow(2);

        CompletionStage<Void> first = window.admit(new CompletableFuture<>());
        CompletionStage<Void> second = window.admit(new CompletableFuture<>());

        assertThat(first.toCompletableFuture()).isCompleted();
        assertThat(second.toCompletableFuture()).isCompleted();
        assertThat(window.size()).isEqualTo(2);
    }

    @Test
    void aFullWindowHoldsTheConsumerUntilTheOldestBatchIsAcknowledged() {
        PublishWindow window = new PublishWindow(1);
        CompletableFuture<Void> oldest = new CompletableFuture<>();
        CompletableFuture<Void> newest = new CompletableFuture<>();
        window.admit(oldest);

        CompletionStage<Void> next = window.admit(newest);

        assertThat(next.toCompletableFuture()).isNotDone();
        newest.complete(null);
        assertThat(next.toCompletableFuture()).as("only the oldest frees the consumer").isNotDone();
        oldest.complete(null);
        assertThat(next.toCompletableFuture()).isCompleted();
        assertThat(window.size()).isZero();
    }

    @Test
    void aFailedPublishingFreesTheConsumerWithoutFailingIt() {
        PublishWindow window = new PublishWindow(0);
        CompletableFuture<Void> publishing = new CompletableFuture<>();

        CompletionStage<Void> next = window.admit(publishing);
        publishing.completeExceptionally(new IllegalStateException("Kafka said no"));

        assertThat(next.toCompletableFuture()).isCompleted();
        assertThat(next.toCompletableFuture().join()).isNull();
    }

    @Test
    void windowOfZeroWaitsForEveryBatch() {
        PublishWindow window = new PublishWindow(0);
        CompletableFuture<Void> publishing = new CompletableFuture<>();

        CompletionStage<Void> next = window.admit(publishing);

        assertThat(next.toCompletableFuture()).isNotDone();
        publishing.complete(null);
        assertThat(next.toCompletableFuture()).isCompleted();
    }

    @Test
    void acknowledgedBatchesLeaveTheWindow() {
        PublishWindow window = new PublishWindow(1);
        window.admit(CompletableFuture.completedFuture(null));

        CompletionStage<Void> next = window.admit(new CompletableFuture<>());

        assertThat(next.toCompletableFuture()).isCompleted();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void negativeCapacityIsRefused() {
        assertThatThrownBy(() -> new PublishWindow(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
