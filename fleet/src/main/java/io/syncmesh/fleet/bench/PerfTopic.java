package io.syncmesh.fleet.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topic Kafka's producer tool writes to in R2: as many partitions and replicas as the topic the gateway writes.
 */
final class PerfTopic {

    private PerfTopic() {
    }

    /** The partitions {@code topic} has. */
    static int partitionsOf(String bootstrap, String topic) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    /** Creates {@code topic} (if missing) with the partitions of {@code like}; returns that count. */
    static int create(String bootstrap, String topic, String like) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicDescription model = admin.describeTopics(List.of(like)).allTopicNames().get().get(like);
            int partitions = model.partitions().size();
            short replicas = (short) model.partitions().get(0).replicas().size();
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, replicas))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            return partitions;
        }
    }
}
