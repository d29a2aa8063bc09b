package io.syncmesh.client.transport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.protocol.PushRequest;
import io.syncmesh.protocol.PushResponse;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.TelemetryReport;
import io.syncmesh.protocol.Violation;

/** The gateway's HTTP API (DESIGN.md section 3) over {@link HttpClient}, with a bearer token from the app. */
public final class HttpSyncTransport implements SyncTransport {

    /** How long a request may take beyond the server-side wait it asks for. */
    private static final Duration MARGIN = Duration.ofSeconds(10);

    private final URI baseUri;
    private final Supplier<String> token;
    private final HttpClient http;

    /**
     * @param baseUri
     *            the gateway, e.g. {@code https://sync.example.com}
     * @param token
     *            the device's current access token (asked for on every request, so that it may be refreshed)
     */
    public HttpSyncTransport(URI baseUri, Supplier<String> token) {
        this(baseUri, token, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    public HttpSyncTransport(URI baseUri, Supplier<String> token, HttpClient http) {
        this.baseUri = Objects.requireNonNull(baseUri);
        this.token = Objects.requireNonNull(token);
        this.http = Objects.requireNonNull(http);
    }

    @Override
    public PushResult push(List<Change> changes, Duration wait) {
        long seconds = Math.max(0, Math.min(30, wait.toSeconds()));
        HttpRequest.Builder request = request("/v1/sync/push", Duration.ofSeconds(seconds).plus(MARGIN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SyncJson.write(new PushRequest(changes))));
        if (seconds > 0) {
            request.header("Prefer", "wait=" + seconds);
        }
        HttpResponse<String> response = send(request.build(), "push");
        switch (response.statusCode()) {
            case 200 -> {
                return SyncJson.read(response.body(), PushResult.class);
            }
            case 202 -> {
                // Stored, no receipts asked for: every accepted change is pending.
                PushResponse accepted = SyncJson.read(response.body(), PushResponse.class);
                List<Receipt> pending = new ArrayList<>();
                for (Change change : changes) {
                    if (accepted.accepted().contains(change.changeId())) {
                        pending.add(Receipt.pending(change.changeId(), change.collection(), change.entityId()));
                    }
                }
                return new PushResult(pending, accepted.rejected());
            }
            case 400, 413 -> throw new BatchRefusedException(response.statusCode(), violations(response.body()));
            default -> throw failure("push", response);
        }
    }

    @Override
    public PullPage pull(List<String> collections, String cursor, int limit) {
        StringBuilder path = new StringBuilder("/v1/sync/pull?collections=")
                .append(encode(String.join(",", collections))).append("&limit=").append(limit);
        if (cursor != null) {
            path.append("&cursor=").append(encode(cursor));
        }
        HttpResponse<String> response = send(request(path.toString(), MARGIN).GET().build(), "pull");
        return switch (response.statusCode()) {
            case 200 -> SyncJson.read(response.body(), PullPage.class);
            case 410 -> throw new ResyncRequiredException();
            default -> throw failure("pull", response);
        };
    }

    @Override
    public void telemetry(TelemetryReport report) {
        HttpResponse<String> response = send(request("/v1/telemetry", MARGIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SyncJson.write(report))).build(), "telemetry");
        if (response.statusCode() != 202) {
            throw failure("telemetry", response);
        }
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(baseUri.resolve(path)).timeout(timeout)
                .header("Authorization", "Bearer " + token.get()).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest request, String operation) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TransportException(operation + " failed: " + e.getClass().getSimpleName(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(operation + " interrupted", 0, e);
        }
    }

    private static TransportException failure(String operation, HttpResponse<String> response) {
        return new TransportException(operation + " answered " + response.statusCode(), response.statusCode());
    }

    /** The rules a refused push broke, from its problem details ({@code errors}: code and detail). */
    private static List<Violation> violations(String body) {
        List<Violation> violations = new ArrayList<>();
        try {
            JsonNode problem = SyncJson.read(body, JsonNode.class);
            problem.path("errors").forEach(error -> violations.add(new Violation(error.path("code").asText(),
                    error.path("detail").asText())));
        } catch (IllegalArgumentException e) {
            // not problem details (a proxy's page): no rules to report
        }
        return violations;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
