package io.syncmesh.metrics.intake;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.syncmesh.metrics.config.MetricsConfig;

/**
 * Starts each watched partition {@code metrics.lookback} back in time (by record timestamp) the first time it is
 * assigned, so that a new or restarted instance rebuilds its 5-minute and 1-hour windows from the topics instead of
 * starting them empty. A partition assigned again later (a rebalance) keeps its position: re-reading would count twice.
 */
@ApplicationScoped
@Identifier(LookbackSeek.NAME)
public class LookbackSeek implements KafkaConsumerRebalanceListener {

    /** The name the channels' {@code consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "metrics-lookback";

    private static final Logger LOG = Logger.getLogger(LookbackSeek.class);

    @Inject
    MetricsConfig config;

    Clock clock = Clock.systemUTC();

    private final Set<TopicPartition> started = new HashSet<>();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> from = new HashMap<>();
        synchronized (started) {
            for (TopicPartition partition : partitions) {
                if (started.add(partition)) {
                    from.put(partition, clock.millis() - config.lookback().toMillis());
                }
            }
        }
        if (from.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(from);
        for (TopicPartition partition : from.keySet()) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                // Nothing was written since then: start at the end.
                consumer.seekToEnd(Set.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
        LOG.infof("re-reading %d partition(s) from %s back for the rolling windows", from.size(), config.lookback());
    }
}
