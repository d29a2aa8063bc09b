package io.syncmesh.fleet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One device's {@code POST /v1/sync/push} without {@code Prefer: wait}, on the device's own client: the answer is the
 * gateway's (202, 429, ...), whatever the services behind it do later. A device keeps its client, and so its
 * connection, between pushes, as a real one does.
 */
final class GatewayPush {

    /** The status recorded for a push that got no answer (a timeout, a refused connection). */
    static final int NO_ANSWER = -1;
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final URI push;

    GatewayPush(URI gateway, HttpClient client) {
        this.client = client;
        this.push = gateway.resolve("/v1/sync/push");
    }

    /** The answer, or null when there was none; the body is not read. */
    HttpResponse<Void> send(String token, String body) {
        try {
            return client.send(HttpRequest.newBuilder(push).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A push body of one new note with a one-letter title: the smallest change there is. */
    static String oneCreate() {
        String id = UUID.randomUUID().toString();
        return new Workload.Batch("any", List.of(BenchChange.create(id, "n-" + id, "x"))).pushBody();
    }
}
