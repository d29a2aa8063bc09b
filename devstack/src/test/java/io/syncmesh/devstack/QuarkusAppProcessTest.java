package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarkusAppProcessTest {

    @TempDir
    static Path shared;
    static Path jar;

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void packageFakeApp() throws IOException {
        jar = FakeQuarkusApp.packageInto(shared);
    }

    @AfterEach
    void stopEverything() throws Exception {
        System.clearProperty(QuarkusAppProcess.JVM_ARGS_PROPERTY);
        System.clearProperty(QuarkusAppProcess.ENV_PROPERTY);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    @Test
    void startReturnsOnlyOnceReadinessAnswers200OnAFreePortWithTheGivenEnvironment() throws Exception {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar).env("FAKE_READY_AFTER_MS", "1500")
                .env(Map.of("GREETING", "hello")));

        app.start();

        assertThat(get(app.baseUrl() + "/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(app.baseUrl()).isEqualTo("http://127.0.0.1:" + app.port());
        assertThat(body(app, "/env/QUARKUS_HTTP_PORT")).isEqualTo(Integer.toString(app.port()));
        assertThat(body(app, "/env/GREETING")).isEqualTo("hello");
        assertThat(app.isRunning()).isTrue();
        assertThat(isAlive(app.pid())).isTrue();
        assertThat(Files.readString(app.logFile())).contains("fake app listening on " + app.port());
    }

    @Test
    void anAppWithAManagementInterfaceGetsAPortOfItsOwnWhereReadinessIsAsked() throws Exception {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar).managementInterface()
                .env("FAKE_READY_AFTER_MS", "500"));

        app.start();

        assertThat(app.managementUrl()).startsWith("http://127.0.0.1:").isNotEqualTo(app.baseUrl());
        assertThat(get(app.managementUrl() + "/q/health/ready").statusCode()).isEqualTo(200);
        assertThat(get(app.baseUrl() + "/q/health/ready").statusCode()).isEqualTo(404);
        assertThat(app.managementUrl()).endsWith(":" + body(app, "/env/QUARKUS_MANAGEMENT_PORT"));
    }

    @Test
    void withoutAManagementInterfaceHealthIsOnTheHttpPortAndNoManagementPortIsSet() throws Exception {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar));

        app.start();

        assertThat(app.managementUrl()).isEqualTo(app.baseUrl());
        assertThat(get(app.baseUrl() + "/env/QUARKUS_MANAGEMENT_PORT").statusCode()).isEqualTo(404);
    }

    @Test
    void jvmArgsDefaultToXmx512mAndTheSystemPropertiesAddArgsAndOverrideEnvironmentEntries() throws Exception {
        System.setProperty(QuarkusAppProcess.JVM_ARGS_PROPERTY, " -Dfake.marker=one   -Xss2m ");
        System.setProperty(QuarkusAppProcess.ENV_PROPERTY, "FROM_PROPERTY=yes, SHARED = property,QUARKUS_HTTP_PORT=1");
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar).env("SHARED", "builder"));

        app.start();

        assertThat(body(app, "/jvm-args").lines()).containsSubsequence("-Xmx512m", "-Dfake.marker=one", "-Xss2m");
        assertThat(body(app, "/env/FROM_PROPERTY")).isEqualTo("yes");
        assertThat(body(app, "/env/SHARED")).isEqualTo("property");
        assertThat(body(app, "/env/QUARKUS_HTTP_PORT")).as("the port stays ours").isEqualTo(
                Integer.toString(app.port()));
    }

    @Test
    void givenJvmArgsReplaceTheDefaultHeapAndAFixedPortIsUsed() throws Exception {
        int port = FreePorts.pick();
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar).jvmArgs("-Xmx64m").port(port));

        app.start();

        assertThat(app.port()).isEqualTo(port);
        assertThat(body(app, "/jvm-args").lines()).contains("-Xmx64m").doesNotContain("-Xmx512m");
    }

    @Test
    void startFailsAtOnceWithTheExitCodeAndTheLast30LogLinesWhenTheAppExits() {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar).env("FAKE_PRINT_LINES", "40")
                .env("FAKE_EXIT_CODE", "3").readyTimeout(Duration.ofMinutes(5)));
        long begin = System.nanoTime();

        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fake-app exited with code 3 during startup")
                .hasMessageContaining("fake line 11\n").hasMessageContaining("fake line 40")
                .hasMessageNotContaining("fake line 10\n");

        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(60));
        assertThat(app.isRunning()).isFalse();
    }

    @Test
    void startKillsAnAppThatIsNotReadyInTimeAndSaysWhatItLastAnswered() {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar).env("FAKE_READY_AFTER_MS", "600000")
                .readyTimeout(Duration.ofSeconds(2)));

        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was not ready within 2 s").hasMessageContaining("last answer 503");

        assertThat(app.isRunning()).isFalse();
        assertThat(isAlive(app.pid())).isFalse();
    }

    @Test
    void killEndsTheAppWithoutItsShutdownHookAndStartRunsItAgainOnTheSamePort() throws Exception {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar));
        app.start();
        long firstPid = app.pid();

        app.kill();

        assertThat(app.isRunning()).isFalse();
        assertThat(isAlive(firstPid)).isFalse();
        assertThat(Files.readString(app.logFile())).doesNotContain(FakeQuarkusApp.GRACEFUL);

        app.start();

        assertThat(app.pid()).isNotEqualTo(firstPid);
        assertThat(get(app.baseUrl() + "/q/health/ready").statusCode()).isEqualTo(200);
        String listening = "fake app listening on " + app.port();
        assertThat(Files.readString(app.logFile())).as("appended, one marker per start")
                .containsSubsequence("=== ", listening, "=== ", listening);
    }

    @Test
    void stopIsAGracefulSigtermThatRunsTheAppsShutdownHooks() throws Exception {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar));
        app.start();

        app.close();

        assertThat(app.isRunning()).isFalse();
        assertThat(Files.readString(app.logFile())).contains(FakeQuarkusApp.GRACEFUL);
    }

    @Test
    void stopKillsAnAppThatDoesNotEndWithinTheStopTimeout() throws Exception {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar).env("FAKE_HANG_ON_TERM", "1")
                .stopTimeout(Duration.ofSeconds(1)));
        app.start();
        long pid = app.pid();

        app.stop();

        assertThat(app.isRunning()).isFalse();
        assertThat(isAlive(pid)).isFalse();
        assertThat(Files.readString(app.logFile())).contains(FakeQuarkusApp.GRACEFUL);
    }

    @Test
    void startingAnAppThatRunsAlreadyFails() {
        QuarkusAppProcess app = app(QuarkusAppProcess.builder(jar));
        app.start();

        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already runs");
    }

    @Test
    void theAppDoesNotOutliveAParentJvmKilledWithSigkill() throws Exception {
        Process parent = startParent("wait");
        long appPid = appPidOf(parent);

        parent.destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> !isAlive(appPid));
    }

    @Test
    void theAppIsStoppedWhenTheParentJvmExitsWithoutStoppingIt() throws Exception {
        Process parent = startParent("exit");
        long appPid = appPidOf(parent);

        await().atMost(Duration.ofSeconds(30)).until(() -> !parent.isAlive());

        assertThat(isAlive(appPid)).isFalse();
        assertThat(Files.readString(dir.resolve("app.log"))).contains(FakeQuarkusApp.GRACEFUL);
    }

    @Test
    void packagedAppFindsTheJarOfAModuleUnderTheDirectoryWithMvnw() throws Exception {
        Files.createFile(shared.resolve("mvnw"));
        Path deep = Files.createDirectories(shared.resolve("fake-app/src/main"));

        assertThat(PackagedApps.find("fake-app", deep)).isEqualTo(jar.toAbsolutePath());
    }

    @Test
    void packagedAppNamesTheMissingJarAndSaysToPackageTheModuleFirst() {
        Path repoRoot = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();

        assertThatThrownBy(() -> QuarkusAppProcess.packagedApp("no-such-module"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(repoRoot.resolve("no-such-module/target/quarkus-app/quarkus-run.jar").toString())
                .hasMessageContaining("package no-such-module first");
    }

    @Test
    void datasourceEnvGivesTheServiceTheDatabaseLoginWithAnEmptyPasswordForNone() {
        PostgresDatabase db = new PostgresDatabase("orders", "127.0.0.1", 5433, "alice", null);

        assertThat(QuarkusAppProcess.datasourceEnv(db)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:5433/orders",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5433/orders",
                "QUARKUS_DATASOURCE_USERNAME", "alice",
                "QUARKUS_DATASOURCE_PASSWORD", ""));
    }

    private QuarkusAppProcess app(QuarkusAppProcess.Builder builder) {
        QuarkusAppProcess app = builder.logFile(dir.resolve("app-" + cleanup.size() + ".log")).build();
        cleanup.add(app);
        return app;
    }

    private Process startParent(String mode) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(JavaCommand.path(),
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                "-cp", System.getProperty("java.class.path"), AppParentMain.class.getName(),
                jar.toString(), dir.resolve("app.log").toString(), mode)
                .redirectErrorStream(true).redirectOutput(dir.resolve("parent.out").toFile());
        Process parent = builder.start();
        cleanup.add(parent::destroyForcibly);
        return parent;
    }

    private long appPidOf(Process parent) {
        Pattern pid = Pattern.compile("app pid (\\d+)");
        Path out = dir.resolve("parent.out");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> pid.matcher(Files.readString(out)).find());
        Matcher m = pid.matcher(readQuietly(out));
        m.find();
        long appPid = Long.parseLong(m.group(1));
        // Only if it still is our fake app: the pid may belong to another process by the time this runs.
        cleanup.add(() -> ProcessHandle.of(appPid)
                .filter(h -> h.info().commandLine().orElse("").contains(jar.toString()))
                .ifPresent(ProcessHandle::destroyForcibly));
        return appPid;
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String body(QuarkusAppProcess app, String path) throws Exception {
        HttpResponse<String> response = get(app.baseUrl() + path);
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
