package io.syncmesh.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The images profile ({@code ./mvnw package -Pimages}) really builds one image per service, with the names the
 * manifests run. This machine has no Docker engine, so the build runs against a stand-in {@code docker} on the PATH
 * that records what Quarkus asks of it and answers {@code inspect} as Docker would; the test then checks each build
 * command: the shared Dockerfile, the tag the Kubernetes and Compose files use, and a build context that holds every
 * file the Dockerfile copies.
 */
class ImageProfileTest {

    private static final Path ROOT = ServiceConfig.ROOT;
    private static final Path DOCKERFILE = ROOT.resolve("deploy/docker/Dockerfile.jvm");
    private static final Pattern BUILD = Pattern.compile("build -f (\\S+) -t (\\S+) (\\S+)");

    private static final String STAND_IN = """
            #!/bin/sh
            echo "$*" >> "$DOCKER_CALLS"
            case "$1" in
              inspect) echo '[{"Id":"sha256:0","Config":{"Entrypoint":["sh"],"WorkingDir":"/deployments","Labels":{}}}]';;
              *) echo "Docker version 0 (stand-in)";;
            esac
            """;

    @Test
    void theImagesProfileBuildsEachServiceFromItsModuleWithTheImageNameTheManifestsRun(@TempDir Path bin)
            throws Exception {
        Path docker = bin.resolve("docker");
        Files.writeString(docker, STAND_IN);
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path calls = bin.resolve("calls.log");
        Files.createFile(calls);

        ProcessBuilder maven = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-B", "-ntp", "-q", "package",
                "-Pimages", "-DskipTests", "-Dformatter.skip", "-Dimpsort.skip", "-pl",
                String.join(",", ServiceConfig.SERVICES), "-am").directory(ROOT.toFile()).redirectErrorStream(true);
        maven.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        maven.environment().put("DOCKER_CALLS", calls.toString());
        maven.environment().remove("MAVEN_ARGS");
        Process process = maven.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the images build finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        Map<String, Matcher> builds = new HashMap<>();
        for (String call : Files.readAllLines(calls)) {
            Matcher build = BUILD.matcher(call);
            if (build.matches()) {
                builds.put(Path.of(build.group(3)).getFileName().toString(), build);
            }
        }
        assertThat(builds.keySet()).containsExactlyInAnyOrderElementsOf(ServiceConfig.SERVICES);

        Kustomize.Objects prod = Kustomize.objects(Kustomize.KUBERNETES.resolve("overlays/prod"));
        for (String service : ServiceConfig.SERVICES) {
            Matcher build = builds.get(service);
            assertThat(Path.of(build.group(1))).isEqualTo(DOCKERFILE);
            assertThat(build.group(2)).isEqualTo(image(prod.get("Deployment", service)));
            Path context = Path.of(build.group(3));
            assertThat(context).isEqualTo(ROOT.resolve(service));
            assertThat(copySources()).allSatisfy(source -> assertThat(resolve(context, source))
                    .as("%s in the build context of %s", source, service).isNotEmpty());
        }
    }

    private static String image(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText();
    }

    /** The sources of the Dockerfile's COPY instructions, relative to the build context. */
    private static List<String> copySources() throws Exception {
        List<String> sources = new ArrayList<>();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (line.startsWith("COPY ")) {
                sources.add(line.split("\\s+")[1]);
            }
        }
        assertThat(sources).isNotEmpty();
        return sources;
    }

    /** The files a COPY source names: a directory, a file, or a *.ext pattern in a directory. */
    private static List<Path> resolve(Path context, String source) throws Exception {
        Path path = context.resolve(source);
        if (!path.getFileName().toString().startsWith("*")) {
            return Files.exists(path) ? List.of(path) : List.of();
        }
        String suffix = path.getFileName().toString().substring(1);
        try (var files = Files.list(path.getParent())) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).toList();
        }
    }
}
