package io.syncmesh.metrics.alerting;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.syncmesh.protocol.AlertEvent;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.SyncJson;

/** Sends alert transitions to sync.alerts (key: the alert's name) and, firing and resolved ones, to the webhook. */
@ApplicationScoped
public class AlertPublisher {

    private static final Logger LOG = Logger.getLogger(AlertPublisher.class);

    @Inject
    @Channel(Channels.ALERTS)
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    MutinyEmitter<String> alerts;

    @Inject
    WebhookSender webhook;

    public void publish(List<AlertEvent> transitions) {
        for (AlertEvent transition : transitions) {
            alerts.sendMessage(Message.of(SyncJson.write(transition)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(transition.name()).build()))
                    .subscribe().with(ok -> {
                    }, failure -> LOG.warnf("alert %s %s not written to sync.alerts (%s)", transition.name(),
                            transition.state(), failure.getClass().getSimpleName()));
        }
        webhook.send(transitions);
    }
}
