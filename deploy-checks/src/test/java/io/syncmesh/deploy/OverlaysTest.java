package io.syncmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.syncmesh.protocol.Topics;

/**
 * The dev and prod overlays put the services, the platform and the monitoring together. Checked here: the durability
 * production promises (Kafka replication 3 with two in-sync replicas, three PostgreSQL instances), that every topic of
 * the contract exists and fits its cluster, that the services point at the names the operators create, that the
 * sync-service scales by KEDA alone on its own lag, and that the monitoring ships the same rules and dashboards that
 * promtool and Grafana are tested with.
 */
class OverlaysTest {

    private static Kustomize.Objects overlay(String name) throws Exception {
        return Kustomize.objects(Kustomize.KUBERNETES.resolve("overlays/" + name));
    }

    private static JsonNode spec(JsonNode object) {
        return object.path("spec");
    }

    private static int brokers(Kustomize.Objects rendered) {
        return rendered.ofKind("KafkaNodePool").filter(pool -> spec(pool).path("roles").toString().contains("broker"))
                .mapToInt(pool -> spec(pool).path("replicas").asInt()).sum();
    }

    private static String config(Kustomize.Objects rendered, String key) {
        JsonNode value = rendered.generatedConfigMap("syncmesh-config").path("data").path(key);
        assertThat(value.isTextual()).as("syncmesh-config has %s", key).isTrue();
        return value.asText();
    }

    @Test
    void productionKafkaKeepsEveryAcknowledgedWriteThroughTheLossOfANode() throws Exception {
        Kustomize.Objects prod = overlay("prod");
        JsonNode kafka = prod.get("Kafka", "syncmesh");
        JsonNode brokerConfig = spec(kafka).path("kafka").path("config");

        assertThat(kafka.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
        assertThat(brokerConfig.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(brokerConfig.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(brokerConfig.path("auto.create.topics.enable").asBoolean(true)).isFalse();
        assertThat(spec(kafka).has("kafkaExporter")).as("the Kafka exporter is on").isTrue();
        assertThat(brokers(prod)).isEqualTo(3);
        assertThat(prod.ofKind("KafkaNodePool").filter(p -> spec(p).path("roles").toString().contains("controller"))
                .mapToInt(p -> spec(p).path("replicas").asInt()).sum()).as("KRaft controllers: a quorum of 3")
                .isEqualTo(3);
        assertThat(prod.ofKind("KafkaNodePool").map(p -> p.path("metadata").path("labels").path("strimzi.io/cluster")
                .asText())).containsOnly("syncmesh");
        assertThat(prod.get("PodMonitor", "syncmesh-kafka").path("spec").path("selector").path("matchLabels")
                .path("strimzi.io/cluster").asText()).isEqualTo("syncmesh");
    }

    @Test
    void productionPostgresIsThreeInstancesWithASynchronousStandbyAndAPodMonitor() throws Exception {
        Kustomize.Objects prod = overlay("prod");
        JsonNode cluster = prod.get("Cluster", "syncmesh-db");

        assertThat(spec(cluster).path("instances").asInt()).isEqualTo(3);
        assertThat(spec(cluster).path("postgresql").path("synchronous").path("number").asInt()).isEqualTo(1);
        JsonNode monitor = prod.get("PodMonitor", "syncmesh-db").path("spec");
        assertThat(monitor.path("selector").path("matchLabels").path("cnpg.io/cluster").asText())
                .isEqualTo("syncmesh-db");
        assertThat(monitor.path("podMetricsEndpoints").get(0).path("port").asText()).isEqualTo("metrics");
    }

    @Test
    void devRunsOnOneNodeWithoutWaitingForReplicasItDoesNotHave() throws Exception {
        Kustomize.Objects dev = overlay("dev");

        assertThat(brokers(dev)).isEqualTo(1);
        assertThat(spec(dev.get("Kafka", "syncmesh")).path("kafka").path("config").path("min.insync.replicas")
                .asInt()).isEqualTo(1);
        JsonNode cluster = spec(dev.get("Cluster", "syncmesh-db"));
        assertThat(cluster.path("instances").asInt()).isEqualTo(1);
        assertThat(cluster.path("postgresql").has("synchronous")).as("no standby to wait for").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyTopicOfTheContractIsAKafkaTopicItsClusterCanHold(String name) throws Exception {
        Kustomize.Objects rendered = overlay(name);
        int brokers = brokers(rendered);
        List<JsonNode> topics = rendered.ofKind("KafkaTopic").toList();

        assertThat(topics).extracting(t -> spec(t).path("topicName").asText())
                .containsExactlyInAnyOrderElementsOf(Topics.ALL);
        for (JsonNode topic : topics) {
            String topicName = spec(topic).path("topicName").asText();
            int replicas = spec(topic).path("replicas").asInt();
            int minInsync = spec(topic).path("config").path("min.insync.replicas").asInt();
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(topicName)
                    .isEqualTo("syncmesh");
            assertThat(spec(topic).path("partitions").asInt()).as(topicName).isPositive();
            assertThat(spec(topic).path("config").path("retention.ms").asLong()).as(topicName).isPositive();
            assertThat(replicas).as("%s replicas on %d brokers", topicName, brokers).isBetween(1, brokers);
            assertThat(minInsync).as("%s min.insync.replicas", topicName).isBetween(1, replicas);
            if (brokers >= 3) {
                assertThat(minInsync).as("%s survives the loss of one replica", topicName).isLessThan(replicas)
                        .isGreaterThan(1);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServicesPointAtTheNamesTheOperatorsCreate(String name) throws Exception {
        Kustomize.Objects rendered = overlay(name);
        JsonNode kafka = rendered.ofKind("Kafka").findFirst().orElseThrow();
        JsonNode listener = spec(kafka).path("kafka").path("listeners").get(0);
        JsonNode cluster = rendered.ofKind("Cluster").findFirst().orElseThrow();
        String clusterName = cluster.path("metadata").path("name").asText();
        String database = spec(cluster).path("bootstrap").path("initdb").path("database").asText();

        String bootstrap = kafka.path("metadata").path("name").asText() + "-kafka-bootstrap:"
                + listener.path("port").asInt();
        assertThat(config(rendered, "kafka.bootstrap.servers")).isEqualTo(bootstrap);
        assertThat(listener.path("tls").asBoolean()).as("the services connect in plain text").isFalse();
        assertThat(config(rendered, "datasource.reactive.url"))
                .isEqualTo("postgresql://" + clusterName + "-rw:5432/" + database);
        assertThat(config(rendered, "datasource.jdbc.url"))
                .isEqualTo("jdbc:postgresql://" + clusterName + "-rw:5432/" + database);
        assertThat(spec(rendered.get("ScaledObject", "sync-service")).path("triggers").get(0).path("metadata")
                .path("bootstrapServers").asText()).isEqualTo(bootstrap);

        // Secrets: the one CloudNativePG creates for the database's owner, and the JWT key the user provides.
        Set<String> secretsReferenced = new TreeSet<>();
        Set<String> appSecretKeys = new TreeSet<>();
        rendered.ofKind("Deployment").forEach(d -> {
            d.findValues("secretKeyRef").forEach(ref -> {
                secretsReferenced.add(ref.path("name").asText());
                if (ref.path("name").asText().equals(clusterName + "-app")) {
                    appSecretKeys.add(ref.path("key").asText());
                }
            });
            d.findValues("secret").forEach(volume -> secretsReferenced.add(volume.path("secretName").asText()));
        });
        assertThat(secretsReferenced).containsExactlyInAnyOrder(clusterName + "-app", "syncmesh-jwt");
        assertThat(appSecretKeys).containsExactlyInAnyOrder("username", "password");

        Set<String> configMaps = rendered.ofKind("ConfigMap").map(c -> c.path("metadata").path("name").asText())
                .collect(Collectors.toSet());
        rendered.ofKind("Deployment").forEach(d -> {
            d.findValues("configMapKeyRef").forEach(ref -> {
                JsonNode map = rendered.get("ConfigMap", ref.path("name").asText());
                assertThat(map.path("data").has(ref.path("key").asText())).as("%s has %s", ref.path("name"),
                        ref.path("key")).isTrue();
            });
            d.findValues("configMap").forEach(volume -> assertThat(configMaps).contains(volume.path("name").asText()));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSyncServiceIsScaledByKedaAloneOnItsOwnConsumerLag(String name) throws Exception {
        Kustomize.Objects rendered = overlay(name);
        ServiceConfig syncService = ServiceConfig.of("sync-service");
        JsonNode scaled = spec(rendered.get("ScaledObject", "sync-service"));
        JsonNode trigger = scaled.path("triggers").get(0);
        String topic = syncService.property("mp.messaging.incoming.sync-changes.topic");
        int partitions = rendered.ofKind("KafkaTopic").filter(t -> spec(t).path("topicName").asText().equals(topic))
                .findFirst().orElseThrow().path("spec").path("partitions").asInt();

        assertThat(scaled.path("scaleTargetRef").path("name").asText()).isEqualTo("sync-service");
        assertThat(scaled.path("scaleTargetRef").path("kind").asText("Deployment")).isEqualTo("Deployment");
        assertThat(rendered.get("Deployment", "sync-service").path("spec").has("replicas"))
                .as("a fixed replica count would reset KEDA's on every apply").isFalse();
        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).as("KEDA's HPA is the only autoscaler").isEmpty();
        assertThat(rendered.ofKind("ScaledObject")).hasSize(1);
        assertThat(trigger.path("type").asText()).isEqualTo("kafka");
        assertThat(trigger.path("metadata").path("topic").asText()).isEqualTo(topic);
        assertThat(trigger.path("metadata").path("consumerGroup").asText())
                .isEqualTo(syncService.property("mp.messaging.incoming.sync-changes.group.id"));
        assertThat(scaled.path("minReplicaCount").asInt()).isPositive();
        assertThat(scaled.path("maxReplicaCount").asInt()).as("more consumers than partitions would sit idle")
                .isBetween(scaled.path("minReplicaCount").asInt(), partitions);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void postgresHasAConnectionForEveryPoolAtFullScale(String name) throws Exception {
        Kustomize.Objects rendered = overlay(name);
        int maxConnections = spec(rendered.get("Cluster", "syncmesh-db")).path("postgresql").path("parameters")
                .path("max_connections").asInt();
        int syncReplicas = spec(rendered.get("ScaledObject", "sync-service")).path("maxReplicaCount").asInt();
        int conflictReplicas = spec(rendered.get("Deployment", "conflict-service")).path("replicas").asInt();

        int needed = syncReplicas * connectionsPerPod("sync-service")
                + conflictReplicas * connectionsPerPod("conflict-service");

        // PostgreSQL keeps 3 for superusers; CloudNativePG's instance manager and replication need a few more.
        assertThat(needed).as("connections of every pool at full scale").isLessThanOrEqualTo(maxConnections - 20);
    }

    private static int connectionsPerPod(String service) {
        ServiceConfig config = ServiceConfig.of(service);
        return Integer.parseInt(config.property("quarkus.datasource.reactive.max-size"))
                + Integer.parseInt(config.property("quarkus.datasource.jdbc.max-size"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectLivesInTheOverlaysNamespace(String name) throws Exception {
        Kustomize.Objects rendered = overlay(name);
        String namespace = rendered.ofKind("Namespace").findFirst().orElseThrow().path("metadata").path("name")
                .asText();

        assertThat(rendered.all().stream().filter(o -> !o.path("kind").asText().equals("Namespace")))
                .allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText()).as(o.path("kind")
                        .asText() + " " + o.path("metadata").path("name").asText()).isEqualTo(namespace));
    }

    @Test
    void monitoringShipsTheRulesPromtoolTestsAndTheDashboardsGrafanaIsTestedWith() throws Exception {
        Path monitoring = ServiceConfig.ROOT.resolve("deploy/monitoring");
        Kustomize.Objects rendered = overlay("prod");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

        assertThat(rendered.get("PrometheusRule", "syncmesh-alerts").path("spec").path("groups"))
                .as("the PrometheusRule's groups are rules/syncmesh-alerts.yaml's")
                .isEqualTo(yaml.readTree(monitoring.resolve("rules/syncmesh-alerts.yaml").toFile()).path("groups"));

        JsonNode dashboards = rendered.get("ConfigMap", "syncmesh-dashboards");
        assertThat(dashboards.path("metadata").path("labels").path("grafana_dashboard").asText()).isEqualTo("1");
        List<Path> files;
        try (Stream<Path> listing = Files.list(monitoring.resolve("dashboards"))) {
            files = listing.filter(f -> f.toString().endsWith(".json")).toList();
        }
        assertThat(files).isNotEmpty();
        assertThat(dashboards.path("data").size()).isEqualTo(files.size());
        for (Path file : files) {
            assertThat(dashboards.path("data").path(file.getFileName().toString()).asText())
                    .as(file.getFileName().toString()).isEqualTo(Files.readString(file));
        }
    }
}
