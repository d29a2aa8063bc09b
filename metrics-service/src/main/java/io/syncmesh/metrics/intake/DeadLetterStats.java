package io.syncmesh.metrics.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.syncmesh.metrics.alert.Sample;
import io.syncmesh.metrics.window.RollingCounts;
import io.syncmesh.protocol.Channels;
import io.syncmesh.protocol.Topics;

/** Records moved to sync.changes.dlq, counted by their error code and by the topic they came from. */
@ApplicationScoped
public class DeadLetterStats {

    private static final String ALL = "all";

    private final RollingCounts recent = new RollingCounts(Duration.ofSeconds(10), ReceiptStats.ONE_HOUR, 1);

    @Inject
    MeterRegistry registry;

    @Inject
    RecordTime time;

    Clock clock = Clock.systemUTC();

    @Incoming(Channels.CHANGES_DLQ)
    void onDeadLetter(ConsumerRecord<String, String> record) {
        if (!time.isHistory(record)) {
            Counter.builder("syncmesh_dead_letters_total").description("Records moved to sync.changes.dlq")
                    .tag("code", header(record, Topics.HEADER_DLQ_CODE))
                    .tag("topic", header(record, Topics.HEADER_DLQ_TOPIC)).register(registry).increment();
        }
        recent.add(ALL, time.of(record), 0, 1);
    }

    /** How many records were dead-lettered in the window (a sample of 0 when none: the alert then resolves). */
    public List<Sample> count(Duration window) {
        return List.of(new Sample(Map.of(), recent.sum(ALL, clock.instant(), window)[0]));
    }

    // Codes and topics are set by the services (a small, fixed set), so they are safe as labels.
    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "unknown" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
