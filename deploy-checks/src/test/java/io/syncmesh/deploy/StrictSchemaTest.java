package io.syncmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * Every object every shipped kustomization renders validates strictly against the schema of its kind: the core API,
 * Strimzi (kafka.strimzi.io/v1), the Prometheus Operator, KEDA and CloudNativePG. Unknown fields are errors; a kind no
 * schema describes is an error. The validator is shown to catch each sort of mistake on a broken copy.
 */
class StrictSchemaTest {

    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    @ParameterizedTest
    @FieldSource("io.syncmesh.deploy.Kustomize#KUSTOMIZATIONS")
    void everyRenderedObjectValidates(String kustomization, @TempDir Path work) throws Exception {
        String rendered = Kustomize.yaml(ServiceConfig.ROOT.resolve(kustomization));
        int objects = Kustomize.Objects.parse(rendered).all().size();

        ManifestValidator.Verdict verdict = ManifestValidator.validate(rendered, work);

        assertThat(verdict.output()).as(kustomization).contains(objects + " objects").contains(", 0 problems");
        assertThat(verdict.valid()).as(verdict.output()).isTrue();
    }

    @Test
    void aBrokenCopyOfProductionIsRefusedWithEveryMistakeNamed(@TempDir Path work) throws Exception {
        Kustomize.Objects prod = Kustomize.objects(Kustomize.KUBERNETES.resolve("overlays/prod"));
        container(prod.get("Deployment", "gateway")).set("livenesProbe",
                container(prod.get("Deployment", "gateway")).remove("livenessProbe"));
        spec(prod.get("Kafka", "syncmesh")).with("kafka").put("replicas", 3);
        spec(prod.get("KafkaNodePool", "kafka")).put("replicas", "three");
        spec(prod.get("KafkaTopic", "sync-changes")).put("partition", 3);
        spec(prod.get("Cluster", "syncmesh-db")).put("instance", 3);
        spec(prod.get("ScaledObject", "sync-service")).put("maxReplicas", 3);
        ((ObjectNode) spec(prod.get("ServiceMonitor", "gateway")).path("endpoints").get(0)).put("paht", "/q/metrics");
        ((ObjectNode) spec(prod.get("PrometheusRule", "syncmesh-alerts")).path("groups").get(0).path("rules").get(0))
                .put("fore", "2m");
        ((ObjectNode) spec(prod.get("NetworkPolicy", "gateway-ingress")).path("ingress").get(0)).putArray("form");
        ((ObjectNode) spec(prod.get("Service", "gateway")).path("ports").get(0)).remove("port");
        StringBuilder yaml = new StringBuilder();
        for (JsonNode object : prod.all()) {
            yaml.append("---\n").append(YAML.writeValueAsString(object));
        }
        yaml.append("---\napiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");

        ManifestValidator.Verdict verdict = ManifestValidator.validate(yaml.toString(), work);

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.output()).contains(
                "Deployment/gateway: /spec/template/spec/containers/0/livenesProbe is not a declared field",
                "Kafka/syncmesh: /spec/kafka/replicas is not a declared field",
                "KafkaNodePool/kafka: /spec/replicas must be integer",
                "KafkaTopic/sync-changes: /spec/partition is not a declared field",
                "Cluster/syncmesh-db: /spec/instance is not a declared field",
                "ScaledObject/sync-service: /spec/maxReplicas is not a declared field",
                "ServiceMonitor/gateway: /spec/endpoints/0/paht is not a declared field",
                "PrometheusRule/syncmesh-alerts: /spec/groups/0/rules/0/fore is not a declared field",
                "NetworkPolicy/gateway-ingress: /spec/ingress/0/form is not a declared field",
                "Widget/w: no schema for example.com/v1 Widget");
        assertThat(verdict.output())
                .contains("Service/gateway: /spec/ports/0 must have required property port");
    }

    private static ObjectNode spec(JsonNode object) {
        return (ObjectNode) object.path("spec");
    }

    private static ObjectNode container(JsonNode deployment) {
        return (ObjectNode) deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }
}
