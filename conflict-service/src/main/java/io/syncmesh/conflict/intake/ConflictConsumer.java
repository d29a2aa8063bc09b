package io.syncmesh.conflict.intake;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.syncmesh.conflict.config.ConflictConfig;
import io.syncmesh.conflict.queue.ChangeSender;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.SyncJson;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.Violation;
import io.syncmesh.support.lifecycle.ShutdownGuard;
import io.syncmesh.support.logging.LogContext;

/**
 * Consumes sync.conflicts and answers every event on sync.changes (ADR 3): the sync-service holds the entity's later
 * changes until the answer arrives, so every event must be answered. Failure strategy: an unparseable event goes to the
 * dead-letter topic; answering is retried, with backoff, for as long as the store or the broker fails and the service
 * runs, each attempt bounded by {@code conflict.attempt-timeout} so that one that hangs is tried again. The answer
 * never fails the channel while the service runs: a failed channel stops consuming for good (ADR 0014), and during an
 * outage the waiting event shows as consumer lag. The offset is committed only after the answer is durable.
 */
@ApplicationScoped
public class ConflictConsumer {

    private static final Logger LOG = Logger.getLogger(ConflictConsumer.class);
    private static final ChangeValidator VALIDATOR = new ChangeValidator();
    /** The longest wait between attempts: warnings repeat at most this often during an outage. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    @Inject
    ConflictAnswers answers;

    @Inject
    ChangeSender sender;

    @Inject
    DeadLetters deadLetters;

    @Inject
    ConflictConfig config;

    @Inject
    ShutdownGuard shutdown;

    @Incoming(Channels.CONFLICTS)
    public Uni<Void> onConflict(ConsumerRecord<String, String> record) {
        ConflictEvent event;
        try {
            event = SyncJson.mapper().readValue(record.value(), ConflictEvent.class);
        } catch (Exception e) {
            return deadLetters.send(record, "unparseable", "not a conflict event: " + e.getClass().getSimpleName());
        }
        String problem = problemOf(event);
        if (problem != null) {
            return deadLetters.send(record, "invalid-conflict-event", problem);
        }
        String traceparent = traceparentOf(record);
        return Uni.createFrom().deferred(() -> answers.answer(event, traceparent)
                .call(answer -> sender.send(answer, traceparent)))
                .ifNoItem().after(config.attemptTimeout()).fail()
                .invoke(answer -> {
                    if (LOG.isDebugEnabled()) {
                        try (LogContext ignored = LogContext.forChange(event.envelope(), traceparent)) {
                            LOG.debugf("answered change %s attempt %d: %s", answer.change().changeId(),
                                    event.envelope().attempt(), answer.verdict().wire());
                        }
                    }
                })
                .onFailure().invoke(failure -> {
                    try (LogContext ignored = LogContext.forChange(event.envelope(), traceparent)) {
                        LOG.warnf("answering change %s failed (%s); retrying", event.envelope().change().changeId(),
                                failure.getClass().getSimpleName());
                    }
                })
                // Only a stopping service gives up: the record stays uncommitted and comes again after the restart.
                .onFailure(failure -> !shutdown.isStopping()).retry()
                .withBackOff(Duration.ofMillis(100), MAX_BACKOFF).indefinitely()
                .replaceWithVoid();
    }

    private static String traceparentOf(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader(Topics.HEADER_TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String problemOf(ConflictEvent event) {
        if (event == null || event.envelope() == null || event.envelope().change() == null
                || event.envelope().change().op() == null || event.remote() == null) {
            return "a conflict event needs an envelope with a change and a remote snapshot";
        }
        if (!Identifiers.isPrincipal(event.envelope().tenant())
                || !Identifiers.isPrincipal(event.envelope().device())) {
            return "tenant and device must be valid principals";
        }
        List<Violation> violations = VALIDATOR.validate(event.envelope().change(), event.envelope().origin());
        return violations.isEmpty()
                ? null
                : "change breaks " + violations.stream().map(Violation::code).distinct().toList();
    }
}
