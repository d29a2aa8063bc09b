package io.syncmesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.client.local.MemoryStore;

/**
 * A client that syncs by itself: after writes, after failures when the backoff allows, and when the network is back.
 */
class AutoSyncTest {

    private final FakeServer server = new FakeServer();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final SyncClient client = SyncClient.builder().store(new MemoryStore())
            .transport(server.transportFor("dev-a")).collections("notes").random(new Random(3))
            .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aLocalWriteIsPushedWithoutTheAppAskingForASync() {
        try (AutoSync auto = AutoSync.start(client, executor, Duration.ofMinutes(10))) {
            client.create("notes", "n1", Map.of("title", TextNode.valueOf("Milk")));

            await().atMost(Duration.ofSeconds(10)).until(() -> server.entity("notes", "n1") != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.queueLength() == 0);
        }
    }

    @Test
    void afterFailuresItRetriesByTheBackoffAndSucceedsOnceTheNetworkIsBack() {
        server.online = false;
        try (AutoSync auto = AutoSync.start(client, executor, Duration.ofMinutes(10))) {
            client.create("notes", "n1", Map.of("title", TextNode.valueOf("Milk")));
            await().atMost(Duration.ofSeconds(10)).until(() -> client.syncState().failures() >= 3);
            assertThat(server.entity("notes", "n1")).isNull();

            server.online = true;
            auto.networkAvailable();

            await().atMost(Duration.ofSeconds(10)).until(() -> server.entity("notes", "n1") != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.syncState().failures() == 0);
        }
    }

    @Test
    void whatOthersWriteArrivesByThePeriodicPull() {
        try (AutoSync auto = AutoSync.start(client, executor, Duration.ofMillis(200))) {
            server.writeByOther("notes", "from-elsewhere", Map.of("title", TextNode.valueOf("hi")));

            await().atMost(Duration.ofSeconds(10)).until(() -> client.get("notes", "from-elsewhere").isPresent());
        }
    }
}
