package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

class DevTokenMainTest {

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsOneTokenSignedWithTheKeysInTheDirWhoseClaimsMatchTheArguments() throws Exception {
        int code = run("--keys", dir.resolve("keys").toString(), "--tenant", "acme", "--device", "tablet-9",
                "--groups", "device, admin", "--issuer=https://issuer.test", "--ttl", "PT30M");

        assertThat(code).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines()).hasSize(1);
        JwtParts jwt = JwtParts.of(printed.strip());
        DevKeys keys = DevKeys.loadOrCreate(dir.resolve("keys"));
        assertThat(jwt.verifiesRs256(keys.publicKey())).isTrue();
        assertThat(jwt.headerJson().get("kid").asText()).isEqualTo(keys.kid());
        JsonNode claims = jwt.claims();
        assertThat(claims.get("tenant").asText()).isEqualTo("acme");
        assertThat(claims.get("device").asText()).isEqualTo("tablet-9");
        assertThat(claims.get("sub").asText()).isEqualTo("tablet-9");
        assertThat(claims.get("groups").toString()).isEqualTo("[\"device\",\"admin\"]");
        assertThat(claims.get("iss").asText()).isEqualTo("https://issuer.test");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(1800);
    }

    @Test
    void withoutArgumentsItUsesTheDocumentedDefaults() throws Exception {
        Path keys = dir.resolve("keys");

        assertThat(run("--keys", keys.toString())).isZero();

        JsonNode claims = JwtParts.of(out.toString(StandardCharsets.UTF_8).strip()).claims();
        assertThat(claims.get("tenant").asText()).isEqualTo("demo");
        assertThat(claims.get("device").asText()).isEqualTo("device-1");
        assertThat(claims.get("groups").toString()).isEqualTo("[\"device\"]");
        assertThat(claims.get("iss").asText()).isEqualTo("https://syncmesh.dev/dev");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong())
                .isEqualTo(Duration.ofHours(12).toSeconds());
        assertThat(keys.resolve(DevKeys.PRIVATE_KEY_FILE)).isRegularFile();
        assertThat(keys.resolve(DevKeys.PUBLIC_KEY_FILE)).isRegularFile();
    }

    @Test
    void anUnknownArgumentOrABadTtlPrintsUsageAndExitsWith2() {
        assertThat(run("--tennant", "acme")).isEqualTo(2);
        assertThat(run("--keys", dir.toString(), "--ttl", "12h")).isEqualTo(2);
        assertThat(run("--keys", dir.toString(), "--ttl", "-PT1H")).isEqualTo(2);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument: --tennant").contains("usage:");
        assertThat(dir.resolve(DevKeys.PRIVATE_KEY_FILE)).doesNotExist();
    }

    @Test
    void asItsOwnJvmItWritesNothingButTheTokenToStdout() throws Exception {
        Path stdout = dir.resolve("stdout");
        Process process = new ProcessBuilder(JavaCommand.path(), "-cp", System.getProperty("java.class.path"),
                DevTokenMain.class.getName(), "--keys", dir.resolve("keys").toString())
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr").toFile()).start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as("stderr: %s", Files.readString(dir.resolve("stderr"))).isZero();
        String printed = Files.readString(stdout);
        assertThat(printed).endsWith("\n");
        assertThat(printed.lines()).singleElement()
                .satisfies(line -> assertThat(JwtParts.of(line).verifiesRs256(
                        DevKeys.loadOrCreate(dir.resolve("keys")).publicKey())).isTrue());
    }

    private int run(String... args) {
        return DevTokenMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
