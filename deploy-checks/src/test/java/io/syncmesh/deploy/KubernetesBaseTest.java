package io.syncmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The kustomize base of the services, rendered offline with {@code kubectl kustomize}: every service has a Deployment
 * whose image, port, probes and environment match what the service really serves and reads, a Service, a
 * PodDisruptionBudget and a ServiceMonitor on /q/metrics; the registry ConfigMap is the example registry. Schemas:
 * {@link StrictSchemaTest}; the platform and overlays: {@link OverlaysTest}.
 */
class KubernetesBaseTest {

    private static final Path BASE = ServiceConfig.ROOT.resolve("deploy/kubernetes/base");

    private static Kustomize.Objects objects() throws Exception {
        return Kustomize.objects(BASE);
    }

    @Test
    void theBaseRendersAndABrokenCopyDoesNot(@TempDir Path dir) throws Exception {
        assertThat(objects().all()).extracting(o -> o.path("kind").asText()).contains("Deployment", "Service",
                "PodDisruptionBudget", "ServiceMonitor", "ConfigMap", "ScaledObject", "NetworkPolicy");

        Files.writeString(dir.resolve("kustomization.yaml"), Files.readString(BASE.resolve("kustomization.yaml")));
        assertThat(Kustomize.render(dir).exitCode()).as("its resources are missing").isNotZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync-service", "conflict-service", "metrics-service", "gateway"})
    void eachDeploymentRunsTheServiceOnItsPortWithItsProbesAndOnlyVariablesItReads(String service) throws Exception {
        Kustomize.Objects objects = objects();
        ServiceConfig config = ServiceConfig.of(service);
        JsonNode container = objects.get("Deployment", service).path("spec").path("template").path("spec")
                .path("containers").get(0);

        assertThat(container.path("image").asText()).isEqualTo("syncmesh/" + service + ":0.1.0-SNAPSHOT");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(config.httpPort());
        assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
        Map<String, Integer> containerPorts = new HashMap<>();
        container.path("ports")
                .forEach(p -> containerPorts.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(containerPorts).containsEntry(config.managementPortName(), config.managementPort());
        Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "livenessProbe", "/q/health/live",
                "readinessProbe", "/q/health/ready");
        probes.forEach((probe, path) -> {
            assertThat(container.path(probe).path("httpGet").path("path").asText()).as(probe).isEqualTo(path);
            assertThat(container.path(probe).path("httpGet").path("port").asText()).as(probe)
                    .isEqualTo(config.managementPortName());
        });
        assertThat(container.path("resources").path("requests").path("cpu").isMissingNode()).isFalse();
        assertThat(container.path("resources").path("limits").path("memory").isMissingNode()).isFalse();
        List<String> unread = new ArrayList<>();
        ((ArrayNode) container.path("env")).forEach(variable -> {
            if (!config.reads(variable.path("name").asText())) {
                unread.add(variable.path("name").asText());
            }
        });
        assertThat(unread).as("variables the %s Deployment sets that nothing in it reads", service).isEmpty();

        JsonNode port = objects.get("Service", service).path("spec").path("ports").get(0);
        assertThat(port.path("port").asInt()).isEqualTo(config.httpPort());
        assertThat(port.path("targetPort").asText()).isEqualTo("http");
        List<String> servicePorts = new ArrayList<>();
        objects.get("Service", service).path("spec").path("ports").forEach(p -> servicePorts.add(p.path("name")
                .asText()));
        JsonNode endpoint = objects.get("ServiceMonitor", service).path("spec").path("endpoints").get(0);
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.path("port").asText()).isEqualTo(config.managementPortName());
        assertThat(servicePorts).as("the Service's ports, which the ServiceMonitor picks by name")
                .contains(config.managementPortName());
        assertThat(objects.get("PodDisruptionBudget", service).path("spec").path("selector").path("matchLabels")
                .path("app.kubernetes.io/name").asText()).isEqualTo(service);
    }

    @Test
    void theRegistryConfigMapIsTheExampleRegistry() throws Exception {
        assertThat(Files.readString(BASE.resolve("collections.yaml")))
                .as("deploy/kubernetes/base/collections.yaml must be a copy of config/collections.yaml")
                .isEqualTo(Files.readString(ServiceConfig.ROOT.resolve("config/collections.yaml")));
        JsonNode registry = objects().generatedConfigMap("syncmesh-registry");
        assertThat(registry.path("data").path("collections.yaml").asText())
                .isEqualTo(Files.readString(BASE.resolve("collections.yaml")));
    }
}
