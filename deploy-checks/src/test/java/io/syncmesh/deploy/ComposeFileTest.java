package io.syncmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.syncmesh.devstack.TopicProvisioner;
import io.syncmesh.protocol.Topics;

/**
 * docker-compose.yml, checked offline: the compose tool accepts it (and refuses a broken one), each service's image is
 * built from its module and probed on the port and health path the service really serves, every environment variable is
 * one the service reads, the topics are the contract's, and Prometheus and Grafana get the shipped rules and
 * dashboards.
 */
class ComposeFileTest {

    private static final Path ROOT = ServiceConfig.ROOT;
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final List<String> SERVICES = ServiceConfig.SERVICES;

    /** The file as the compose tool reads it: anchors and merges resolved, paths made absolute. */
    private static JsonNode compose() throws IOException, InterruptedException {
        Result result = composeConfig(COMPOSE, false);
        assertThat(result.exitCode()).as(result.output()).isZero();
        return new ObjectMapper(new YAMLFactory()).readTree(result.output());
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs {@code docker-compose -f file config} ({@code -q}: only validate). */
    private static Result composeConfig(Path file, boolean quiet) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", file.toString(), "config"));
        if (quiet) {
            command.add("-q");
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new AssertionError("docker-compose is needed to check docker-compose.yml: apt-get install "
                    + "docker-compose (.ci/run does)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    @Test
    void theComposeToolAcceptsTheFile() throws Exception {
        assertThat(composeConfig(COMPOSE, true).exitCode()).isZero();
    }

    @Test
    void theComposeToolRefusesABrokenCopy(@TempDir Path dir) throws Exception {
        String broken = Files.readString(COMPOSE).replace("      sync-service:\n        condition: service_healthy\n",
                "      no-such-service:\n        condition: service_healthy\n");
        assertThat(broken).as("the edit applied").isNotEqualTo(Files.readString(COMPOSE));
        Path copy = dir.resolve("docker-compose.yml");
        Files.writeString(copy, broken);

        assertThat(composeConfig(copy, true).exitCode()).isNotZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync-service", "conflict-service", "metrics-service", "gateway"})
    void eachServiceIsBuiltFromItsModuleAndProbedOnItsOwnPortAndReadinessPath(String service) throws Exception {
        JsonNode definition = compose().path("services").path(service);
        int port = ServiceConfig.of(service).managementPort();

        Path context = Path.of(definition.path("build").path("context").asText());
        assertThat(context.toRealPath()).isEqualTo(ROOT.resolve(service).toRealPath());
        assertThat(context.resolve(definition.path("build").path("dockerfile").asText())).as("the Dockerfile")
                .isRegularFile();
        assertThat(definition.path("image").asText()).isEqualTo("syncmesh/" + service + ":0.1.0-SNAPSHOT");
        String probe = String.join(" ", texts(definition.path("healthcheck").path("test")));
        assertThat(probe).contains("/dev/tcp/localhost/" + port + " ").contains("GET /q/health/ready ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync-service", "conflict-service", "metrics-service", "gateway"})
    void everyEnvironmentVariableIsOneTheServiceReads(String service) throws Exception {
        ServiceConfig config = ServiceConfig.of(service);
        List<String> unread = new ArrayList<>();
        compose().path("services").path(service).path("environment").fieldNames().forEachRemaining(name -> {
            if (!config.reads(name)) {
                unread.add(name);
            }
        });
        assertThat(unread).as("variables %s sets that nothing in it reads", service).isEmpty();
    }

    @Test
    void kafkaTopicsCreatesTheContractsTopicsWithTheDevstacksPartitions() throws Exception {
        String command = String.join(" ", texts(compose().path("services").path("kafka-topics").path("command")));
        Map<String, Integer> created = new TreeMap<>();
        Matcher topic = Pattern.compile("(sync\\.[a-z.]+):(\\d+)").matcher(command);
        while (topic.find()) {
            created.put(topic.group(1), Integer.parseInt(topic.group(2)));
        }

        assertThat(created).isEqualTo(new TreeMap<>(TopicProvisioner.defaultPartitions()));
        assertThat(created.keySet()).containsExactlyInAnyOrderElementsOf(Topics.ALL);
    }

    @Test
    void prometheusScrapesEveryServiceAndLoadsTheShippedRulesAndGrafanaTheDashboards() throws Exception {
        JsonNode prometheus = new ObjectMapper(new YAMLFactory())
                .readTree(ROOT.resolve("deploy/compose/prometheus.yml").toFile());
        List<String> targets = texts(prometheus.path("scrape_configs").get(0).path("static_configs").get(0)
                .path("targets"));
        for (String service : SERVICES) {
            assertThat(targets)
                    .contains(service + ":" + ServiceConfig.of(service).managementPort());
        }
        assertThat(prometheus.path("scrape_configs").get(0).path("metrics_path").asText()).isEqualTo("/q/metrics");
        String rule = prometheus.path("rule_files").get(0).asText();
        assertThat(ROOT.resolve("deploy/monitoring/rules").resolve(Path.of(rule).getFileName())).isRegularFile();

        JsonNode services = compose().path("services");
        Path root = ROOT.toRealPath();
        assertThat(texts(services.path("prometheus").path("volumes")))
                .contains(root.resolve("deploy/monitoring/rules") + ":/etc/prometheus/rules:ro");
        assertThat(texts(services.path("grafana").path("volumes")))
                .contains(root.resolve("deploy/monitoring/dashboards") + ":/var/lib/grafana/dashboards:ro");
        for (String service : List.of("prometheus", "grafana")) {
            for (String volume : texts(services.path(service).path("volumes"))) {
                assertThat(Path.of(volume.substring(0, volume.indexOf(':')))).as(volume).exists();
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
