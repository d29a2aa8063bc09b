package io.syncmesh.metrics.intake;

import java.time.Clock;
import java.time.Instant;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.quarkus.runtime.Startup;

/**
 * When a record happened, for the rolling windows, and whether it happened before this instance started. At start the
 * consumers re-read the last hour (see {@link LookbackSeek}) so that windows survive a restart; those replayed records
 * fill the windows but not the {@code _total} counters, which restart at zero with the process (Prometheus handles that
 * reset; counting an hour of history again would show as a burst).
 */
@Startup // the start time must be taken at start, not when the first record arrives
@ApplicationScoped
public class RecordTime {

    Clock clock = Clock.systemUTC();

    private long startedAtMillis;

    @PostConstruct
    void start() {
        startedAtMillis = clock.millis();
    }

    /** The record's timestamp, never later than now (a producer's clock may run ahead); now when it has none. */
    public Instant of(ConsumerRecord<?, ?> record) {
        long now = clock.millis();
        return Instant.ofEpochMilli(record.timestamp() < 0 ? now : Math.min(record.timestamp(), now));
    }

    /** Whether the record was written before this instance started: it is history, re-read for the windows only. */
    public boolean isHistory(ConsumerRecord<?, ?> record) {
        return record.timestamp() >= 0 && record.timestamp() < startedAtMillis;
    }
}
