package io.syncmesh.metrics.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.syncmesh.protocol.SyncJson;

/**
 * A webhook receiver for the tests: an HTTP server that records every JSON body posted to it. The first request it gets
 * is answered 503, so that the sender's retry is exercised too.
 */
public class WebhookReceiver implements QuarkusTestResourceLifecycleManager {

    static final String OLDEST_OPEN = "2026-01-01T00:00:00Z";
    static final List<JsonNode> RECEIVED = new CopyOnWriteArrayList<>();
    static final AtomicInteger REFUSED = new AtomicInteger();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/hook", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                if (REFUSED.getAndIncrement() == 0) {
                    exchange.sendResponseHeaders(503, -1);
                    return;
                }
                RECEIVED.add(SyncJson.read(json, JsonNode.class));
                exchange.sendResponseHeaders(200, -1);
            } finally {
                exchange.close();
            }
        });
        server.createContext("/internal/v1/queue-stats", exchange -> {
            byte[] stats = ("{\"openItems\":3,\"oldestOpenCreatedAt\":\"" + OLDEST_OPEN + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, stats.length);
            exchange.getResponseBody().write(stats);
            exchange.close();
        });
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("metrics.webhook.url", base + "/hook", "metrics.webhook.initial-backoff", "200MS",
                "quarkus.rest-client.conflict-service.url", base);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
