package io.syncmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs deploy-checks/schema/validate.mjs: every object against the JSON Schema of its kind, and every field it does not
 * declare as an error (the build installs the schema packages with npm ci before the tests).
 */
final class ManifestValidator {

    static final Path SCRIPT = ServiceConfig.ROOT.resolve("deploy-checks/schema/validate.mjs");

    record Verdict(int exitCode, String output) {

        boolean valid() {
            return exitCode == 0;
        }
    }

    private ManifestValidator() {
    }

    static Verdict validate(String yaml, Path workDir) throws IOException, InterruptedException {
        assertThat(SCRIPT.resolveSibling("node_modules/typescript")).as(
                "the validator's packages; the build installs them (npm ci in deploy-checks/schema)").isDirectory();
        Path file = Files.createTempFile(workDir, "rendered", ".yaml");
        Files.writeString(file, yaml);
        Process process = new ProcessBuilder("node", SCRIPT.toString(), file.toString()).redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the validator finished").isTrue();
        return new Verdict(process.exitValue(), output);
    }
}
