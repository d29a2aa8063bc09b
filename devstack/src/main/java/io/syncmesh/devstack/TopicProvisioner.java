package io.syncmesh.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.syncmesh.protocol.Topics;

/**
 * Creates every topic of {@link Topics#ALL} explicitly and waits until each has a leader; consumers never create
 * topics.
 */
public final class TopicProvisioner {

    /** Partitions of the high-volume topics (changes, results, conflicts). */
    public static final int HIGH_VOLUME_PARTITIONS = 6;
    /** Partitions of the other topics. */
    public static final int DEFAULT_PARTITIONS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, Integer> partitions;
    private final short replicationFactor;

    /**
     * A system property of {@code topic=partitions} pairs, comma-separated, that the devstack's broker is provisioned
     * with instead of the defaults (the benchmark's {@code --partitions}).
     */
    public static final String PARTITIONS_PROPERTY = "syncmesh.devstack.partitions";

    /** Default partitions and replication factor 1, as on a single local broker. */
    public TopicProvisioner() {
        this(defaultPartitions(), (short) 1);
    }

    /** The defaults with the partition counts of {@link #PARTITIONS_PROPERTY}, when set. */
    public static TopicProvisioner configured() {
        return withPartitions(new TopicProvisioner(), System.getProperty(PARTITIONS_PROPERTY, ""));
    }

    static TopicProvisioner withPartitions(TopicProvisioner provisioner, String pairs) {
        TopicProvisioner result = provisioner;
        for (String pair : pairs.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] parts = pair.trim().split("=");
            try {
                result = result.withPartitions(parts[0], Integer.parseInt(parts[1]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(PARTITIONS_PROPERTY + " takes topic=partitions pairs such as "
                        + Topics.CHANGES + "=12, not '" + pair.trim() + "'", e);
            }
        }
        return result;
    }

    private TopicProvisioner(Map<String, Integer> partitions, short replicationFactor) {
        this.partitions = Map.copyOf(partitions);
        this.replicationFactor = replicationFactor;
    }

    public static Map<String, Integer> defaultPartitions() {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (String topic : Topics.ALL) {
            boolean highVolume = topic.equals(Topics.CHANGES) || topic.equals(Topics.RESULTS)
                    || topic.equals(Topics.CONFLICTS);
            result.put(topic, highVolume ? HIGH_VOLUME_PARTITIONS : DEFAULT_PARTITIONS);
        }
        return result;
    }

    public TopicProvisioner withPartitions(String topic, int count) {
        if (!Topics.ALL.contains(topic)) {
            throw new IllegalArgumentException(topic + " is not one of " + Topics.ALL);
        }
        if (count < 1) {
            throw new IllegalArgumentException("partitions must be at least 1: " + count);
        }
        Map<String, Integer> changed = new LinkedHashMap<>(partitions);
        changed.put(topic, count);
        return new TopicProvisioner(changed, replicationFactor);
    }

    public TopicProvisioner withReplicationFactor(short factor) {
        return new TopicProvisioner(partitions, factor);
    }

    public int partitionsOf(String topic) {
        return partitions.get(topic);
    }

    public void provision(String bootstrapServers) {
        try (Admin admin = KafkaAdmins.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "devstack-topic-provisioner"))) {
            provision(admin);
        }
    }

    /** Idempotent: a topic that exists already is left as it is (its partition count is not changed). */
    public void provision(Admin admin) {
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : Topics.ALL) {
            topics.add(new NewTopic(topic, partitions.get(topic), replicationFactor));
        }
        Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + result.getKey() + ": " + e.getCause(),
                            e.getCause());
                }
            } catch (Exception e) {
                throw failed(e);
            }
        }
        awaitLeaders(admin);
        LOG.info("topics provisioned: {}", partitions);
    }

    /** Creation returns before every partition has a leader; a producer started then would see transient errors. */
    private void awaitLeaders(Admin admin) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        String missing = "";
        while (System.nanoTime() < deadline) {
            try {
                Set<String> listed = admin.listTopics().names().get(10, TimeUnit.SECONDS);
                if (listed.containsAll(Topics.ALL)) {
                    Map<String, TopicDescription> described = admin.describeTopics(Topics.ALL).allTopicNames()
                            .get(10, TimeUnit.SECONDS);
                    missing = described.values().stream()
                            .filter(d -> d.partitions().stream().anyMatch(p -> p.leader() == null))
                            .map(TopicDescription::name).toList().toString();
                    if (missing.equals("[]")) {
                        return;
                    }
                } else {
                    missing = "not listed yet: " + Topics.ALL.stream().filter(t -> !listed.contains(t)).toList();
                }
            } catch (ExecutionException e) {
                missing = e.getCause().toString();
            } catch (Exception e) {
                throw failed(e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException("topics not ready within " + TIMEOUT.toSeconds() + " s: " + missing);
    }

    private static IllegalStateException failed(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new IllegalStateException("topic provisioning failed: " + e, e);
    }
}
