package io.syncmesh.metrics.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.syncmesh.devstack.RepositoryRoot;

/**
 * The Prometheus rules under deploy/monitoring/rules: {@code promtool check rules} and {@code promtool test rules}
 * pass, and a broken copy fails (so the check can fail). promtool comes from Debian's prometheus package
 * ({@code .ci/run} installs it).
 */
class PrometheusRulesTest {

    static final Path RULES = RepositoryRoot.find().resolve("deploy/monitoring/rules");

    @Test
    void theShippedRulesAreValid() throws Exception {
        Result check = promtool("check", "rules", RULES.resolve("syncmesh-alerts.yaml").toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 7 rules found");
    }

    @Test
    void theShippedRulesPassTheirUnitTests() throws Exception {
        Result test = promtool("test", "rules", RULES.resolve("syncmesh-alerts.test.yaml").toString());
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void aBrokenRuleFailsTheCheckAndAChangedThresholdFailsTheUnitTests() throws Exception {
        Path broken = Files.createTempDirectory("broken-rules");
        String rules = Files.readString(RULES.resolve("syncmesh-alerts.yaml"), StandardCharsets.UTF_8);
        Files.writeString(broken.resolve("syncmesh-alerts.yaml"),
                rules.replace("sum by (group, topic) (syncmesh_consumer_lag_records) > 1000",
                        "sum by (group, topic) (syncmesh_consumer_lag_records > 1000"));
        assertThat(promtool("check", "rules", broken.resolve("syncmesh-alerts.yaml").toString()).exitCode())
                .isNotZero();

        Files.writeString(broken.resolve("syncmesh-alerts.yaml"), rules.replace("> 0.2", "> 0.5"));
        Files.copy(RULES.resolve("syncmesh-alerts.test.yaml"), broken.resolve("syncmesh-alerts.test.yaml"));
        assertThat(promtool("test", "rules", broken.resolve("syncmesh-alerts.test.yaml").toString()).exitCode())
                .isNotZero();
    }

    record Result(int exitCode, String output) {
    }

    static Result promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("promtool");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("promtool is not installed: install Debian's prometheus package "
                    + "(apt-get install --no-install-recommends prometheus; .ci/run does this)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
