package io.syncmesh.metrics.alerting;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.syncmesh.metrics.alert.AlertmanagerPayload;
import io.syncmesh.metrics.config.MetricsConfig;
import io.syncmesh.protocol.AlertEvent;
import io.syncmesh.protocol.SyncJson;

/**
 * Posts firing and resolved transitions to the configured webhook in Alertmanager's webhook format, one request per
 * alert name, retrying with doubling backoff on errors and non-2xx answers; a delivery that keeps failing is logged and
 * dropped (the alert stays visible on sync.alerts and GET /v1/alerts).
 */
@ApplicationScoped
public class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    MetricsConfig config;

    public void send(List<AlertEvent> transitions) {
        if (config.webhook().url().isEmpty() || transitions.isEmpty()) {
            return;
        }
        String url = config.webhook().url().get();
        for (AlertmanagerPayload payload : AlertmanagerPayload.all(transitions, url)) {
            deliver(url, SyncJson.write(payload), 1, config.webhook().initialBackoff());
        }
    }

    private void deliver(String url, String body, int attempt, Duration backoff) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            boolean delivered = failure == null && response.statusCode() / 100 == 2;
            if (delivered) {
                return;
            }
            String why = failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode();
            if (attempt >= config.webhook().attempts()) {
                LOG.errorf("alert webhook gave up after %d attempts (%s)", attempt, why);
                return;
            }
            LOG.warnf("alert webhook attempt %d failed (%s); retrying in %d ms", attempt, why, backoff.toMillis());
            CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> deliver(url, body, attempt + 1, backoff.multipliedBy(2)));
        });
    }
}
