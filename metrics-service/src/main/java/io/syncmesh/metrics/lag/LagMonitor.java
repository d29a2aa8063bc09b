package io.syncmesh.metrics.lag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.syncmesh.metrics.alert.Sample;
import io.syncmesh.metrics.config.MetricsConfig;

/**
 * Consumer lag of the mesh's consumer groups, read from Kafka's admin API: per partition, the end offset minus the
 * group's committed offset (the log start when the group never committed there). Published as
 * {@code syncmesh_consumer_lag_records{group,topic,partition}}; the totals per group and topic feed the lag alerts.
 */
@ApplicationScoped
public class LagMonitor {

    private static final Logger LOG = Logger.getLogger(LagMonitor.class);
    private static final long TIMEOUT_SECONDS = 5;

    /** A group and the topic it consumes. */
    public record Watched(String group, String topic) {
    }

    private final List<Watched> watched;
    private final Duration growthWindow;
    private final Admin admin;
    private final MultiGauge partitionLag;
    private final Map<Watched, Deque<Reading>> history = new HashMap<>();
    private volatile Map<Watched, Long> totals = Map.of();

    private record Reading(Instant at, long lag) {
    }

    @Inject
    public LagMonitor(MetricsConfig config, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.watched = parse(config.lagGroups());
        this.growthWindow = config.lagGrowthWindow();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10000));
        this.partitionLag = MultiGauge.builder("syncmesh_consumer_lag_records")
                .description("Records a consumer group has yet to process, per partition").baseUnit("records")
                .register(registry);
    }

    static List<Watched> parse(List<String> pairs) {
        List<Watched> result = new ArrayList<>();
        for (String pair : pairs) {
            String[] parts = pair.trim().split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("metrics.lag-groups entries are group=topic, not '" + pair + "'");
            }
            result.add(new Watched(parts[0].trim(), parts[1].trim()));
        }
        return List.copyOf(result);
    }

    /** Reads the lag of every watched group now (blocking: call it from a worker thread). */
    public synchronized void refresh(Instant now) {
        Map<Watched, Long> newTotals = new LinkedHashMap<>();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Watched w : watched) {
            try {
                Map<TopicPartition, Long> lag = lagOf(w);
                long total = 0;
                for (Map.Entry<TopicPartition, Long> partition : lag.entrySet()) {
                    total += partition.getValue();
                    rows.add(MultiGauge.Row.of(Tags.of("group", w.group(), "topic", w.topic(), "partition",
                            Integer.toString(partition.getKey().partition())), partition.getValue()));
                }
                newTotals.put(w, total);
                remember(w, now, total);
            } catch (Exception e) {
                // No figure is better than a wrong one: the group's lag is left out until Kafka answers again.
                LOG.warnf("cannot read the lag of group %s on %s (%s)", w.group(), w.topic(),
                        e.getClass().getSimpleName());
            }
        }
        partitionLag.register(rows, true);
        totals = newTotals;
    }

    /** The lag per group and topic at the last refresh. */
    public List<Sample> totalLag() {
        List<Sample> samples = new ArrayList<>();
        totals.forEach((w, lag) -> samples.add(new Sample(Map.of("group", w.group(), "topic", w.topic()), lag)));
        return samples;
    }

    /** How much each group's lag grew over the growth window (only once the window is covered by readings). */
    public synchronized List<Sample> lagGrowth() {
        List<Sample> samples = new ArrayList<>();
        history.forEach((w, readings) -> {
            if (readings.size() >= 2
                    && !readings.peekFirst().at().isAfter(readings.peekLast().at().minus(growthWindow))) {
                samples.add(new Sample(Map.of("group", w.group(), "topic", w.topic()),
                        readings.peekLast().lag() - readings.peekFirst().lag()));
            }
        });
        return samples;
    }

    private void remember(Watched w, Instant now, long total) {
        Deque<Reading> readings = history.computeIfAbsent(w, k -> new ArrayDeque<>());
        readings.addLast(new Reading(now, total));
        // Keep one reading at or before the window's start, so that the growth covers the whole window.
        while (readings.size() > 2 && !readings.toArray(Reading[]::new)[1].at().isAfter(now.minus(growthWindow))) {
            readings.pollFirst();
        }
    }

    private Map<TopicPartition, Long> lagOf(Watched w) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(w.topic())).allTopicNames()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(w.topic()).partitions().stream()
                .map(info -> new TopicPartition(w.topic(), info.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(w.group())
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> lag = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata commit = committed.get(partition);
            long position = commit != null ? commit.offset() : starts.get(partition).offset();
            lag.put(partition, Math.max(0, ends.get(partition).offset() - position));
        }
        return lag;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        return admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
