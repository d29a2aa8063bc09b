package io.syncmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/** Renders a kustomization offline with {@code kubectl kustomize}, as a user does before applying it. */
final class Kustomize {

    static final Path KUBERNETES = ServiceConfig.ROOT.resolve("deploy/kubernetes");
    /** Every kustomization shipped, from the parts to the overlays a user applies. */
    static final List<String> KUSTOMIZATIONS = List.of("deploy/kubernetes/base", "deploy/kubernetes/platform",
            "deploy/monitoring", "deploy/kubernetes/overlays/dev", "deploy/kubernetes/overlays/prod");

    record Rendered(int exitCode, String output) {
    }

    private Kustomize() {
    }

    static Rendered render(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        return new Rendered(process.exitValue(), output);
    }

    /** The rendered YAML of a kustomization, which must render. */
    static String yaml(Path dir) throws IOException, InterruptedException {
        Rendered rendered = render(dir);
        assertThat(rendered.exitCode()).as("kubectl kustomize %s", dir).isZero();
        return rendered.output();
    }

    /** The rendered objects of a kustomization, which must render. */
    static Objects objects(Path dir) throws IOException, InterruptedException {
        return Objects.parse(yaml(dir));
    }

    /** Rendered objects, found by kind and name. */
    record Objects(List<JsonNode> all) {

        static Objects parse(String yaml) throws IOException {
            ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
            List<JsonNode> objects = new ArrayList<>();
            try (YAMLParser parser = new YAMLFactory().createParser(yaml)) {
                mapper.readValues(parser, JsonNode.class).forEachRemaining(objects::add);
            }
            return new Objects(List.copyOf(objects));
        }

        Stream<JsonNode> ofKind(String kind) {
            return all.stream().filter(o -> o.path("kind").asText().equals(kind));
        }

        JsonNode get(String kind, String name) {
            return ofKind(kind).filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
        }

        /** A generated ConfigMap, whose rendered name carries a hash suffix. */
        JsonNode generatedConfigMap(String name) {
            return ofKind("ConfigMap").filter(o -> o.path("metadata").path("name").asText().startsWith(name + "-")
                    || o.path("metadata").path("name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no ConfigMap " + name + " rendered"));
        }
    }
}
