package io.syncmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.deploy.NetworkPolicies.Pod;

/**
 * The rendered NetworkPolicies of each overlay, evaluated over the pods it runs: only the gateway is reachable from
 * outside; the services talk to each other only where the mesh needs it, reach Kafka, and only the two services with a
 * schema reach PostgreSQL; nothing reaches the internet; Prometheus scrapes every service.
 */
class NetworkPoliciesTest {

    private static final int KAFKA = 9092;
    private static final int POSTGRES = 5432;

    /** The calls between services the mesh makes (application.properties' rest clients), as "from -> to". */
    private static final Set<String> MESH_CALLS = Set.of("gateway -> sync-service", "gateway -> conflict-service",
            "gateway -> metrics-service", "metrics-service -> conflict-service");

    private record Cluster(NetworkPolicies policies, Map<String, Pod> services, Pod kafka, Pod postgres, Pod dns,
            Pod prometheus, Pod otherPodInNamespace, Pod internet) {
    }

    private static Cluster cluster(String overlay) throws Exception {
        Kustomize.Objects rendered = Kustomize.objects(Kustomize.KUBERNETES.resolve("overlays/" + overlay));
        String namespace = rendered.ofKind("Namespace").findFirst().orElseThrow().path("metadata").path("name")
                .asText();
        Map<String, Pod> services = new HashMap<>();
        for (String service : ServiceConfig.SERVICES) {
            JsonNode template = rendered.get("Deployment", service).path("spec").path("template");
            Map<String, String> labels = new HashMap<>();
            template.path("metadata").path("labels").properties()
                    .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            Map<String, Integer> ports = new HashMap<>();
            template.path("spec").path("containers").forEach(c -> c.path("ports")
                    .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt())));
            services.put(service, new Pod(service, namespace, labels, ports));
        }
        // Labels the operators put on the pods they run (Strimzi, CloudNativePG) and on the cluster DNS.
        Pod kafka = new Pod("kafka", namespace, Map.of("strimzi.io/cluster", "syncmesh", "strimzi.io/kind", "Kafka",
                "strimzi.io/pool-name", "kafka"), Map.of("tcp-clients", KAFKA));
        Pod postgres = new Pod("postgres", namespace, Map.of("cnpg.io/cluster", "syncmesh-db", "cnpg.io/podRole",
                "instance"), Map.of("postgresql", POSTGRES, "metrics", 9187));
        Pod dns = new Pod("dns", "kube-system", Map.of("k8s-app", "kube-dns"), Map.of("dns", 53));
        Pod prometheus = new Pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
        Pod other = new Pod("other", namespace, Map.of("app", "something-else"), Map.of());
        return new Cluster(new NetworkPolicies(rendered), services, kafka, postgres, dns, prometheus, other,
                Pod.outside("internet"));
    }

    private static int http(String service) {
        return ServiceConfig.of(service).httpPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayIsReachableFromOutside(String overlay) throws Exception {
        Cluster cluster = cluster(overlay);
        for (String service : ServiceConfig.SERVICES) {
            assertThat(cluster.policies().allows(cluster.internet(), cluster.services().get(service), http(service)))
                    .as("internet -> %s", service).isEqualTo(service.equals("gateway"));
            assertThat(cluster.policies().allows(cluster.otherPodInNamespace(), cluster.services().get(service),
                    http(service))).as("another pod of the namespace -> %s", service)
                    .isEqualTo(service.equals("gateway"));
        }
        assertThat(cluster.policies().allows(cluster.internet(), cluster.postgres(), POSTGRES)).isFalse();
        assertThat(cluster.policies().allows(cluster.otherPodInNamespace(), cluster.postgres(), POSTGRES)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGatewaysHealthAndMetricsAreClosedToTheOutside(String overlay) throws Exception {
        Cluster cluster = cluster(overlay);
        int management = ServiceConfig.of("gateway").managementPort();

        assertThat(management).isNotEqualTo(http("gateway"));
        assertThat(cluster.policies().allows(cluster.internet(), cluster.services().get("gateway"), management))
                .isFalse();
        assertThat(cluster.policies().allows(cluster.otherPodInNamespace(), cluster.services().get("gateway"),
                management)).isFalse();
        assertThat(cluster.policies().allows(cluster.prometheus(), cluster.services().get("gateway"), management))
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesCallEachOtherOnlyWhereTheMeshNeedsIt(String overlay) throws Exception {
        Cluster cluster = cluster(overlay);
        Set<String> allowed = new TreeSet<>();
        for (String from : ServiceConfig.SERVICES) {
            for (String to : ServiceConfig.SERVICES) {
                if (!from.equals(to)
                        && cluster.policies().allows(cluster.services().get(from), cluster.services().get(to),
                                http(to))) {
                    allowed.add(from + " -> " + to);
                }
            }
        }
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(MESH_CALLS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesReachKafkaAndOnlyTheServicesWithASchemaReachPostgres(String overlay) throws Exception {
        Cluster cluster = cluster(overlay);
        List<String> reachPostgres = new ArrayList<>();
        for (String service : ServiceConfig.SERVICES) {
            Pod pod = cluster.services().get(service);
            assertThat(cluster.policies().allows(pod, cluster.kafka(), KAFKA)).as("%s -> Kafka", service).isTrue();
            assertThat(cluster.policies().allows(pod, cluster.dns(), 53)).as("%s -> DNS", service).isTrue();
            assertThat(cluster.policies().allows(pod, cluster.internet(), 443)).as("%s -> internet", service)
                    .isFalse();
            assertThat(cluster.policies().allows(pod, cluster.kafka(), 9093)).as("%s -> Kafka's other ports", service)
                    .isFalse();
            if (cluster.policies().allows(pod, cluster.postgres(), POSTGRES)) {
                reachPostgres.add(service);
            }
            boolean hasDatasource = ServiceConfig.of(service).property("quarkus.datasource.db-kind") != null;
            assertThat(reachPostgres.contains(service)).as("%s -> PostgreSQL", service).isEqualTo(hasDatasource);
        }
        assertThat(reachPostgres).containsExactlyInAnyOrder("sync-service", "conflict-service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void prometheusScrapesEveryServiceAndTheDatabase(String overlay) throws Exception {
        Cluster cluster = cluster(overlay);
        for (String service : ServiceConfig.SERVICES) {
            assertThat(cluster.policies().allows(cluster.prometheus(), cluster.services().get(service),
                    ServiceConfig.of(service).managementPort())).as("Prometheus -> %s /q/metrics", service).isTrue();
        }
        assertThat(cluster.policies().allows(cluster.prometheus(), cluster.postgres(), 9187)).isTrue();
        assertThat(cluster.policies().allows(cluster.prometheus(), cluster.postgres(), POSTGRES)).isFalse();
    }
}
