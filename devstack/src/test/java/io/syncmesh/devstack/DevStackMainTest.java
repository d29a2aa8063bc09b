package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.syncmesh.protocol.Topics;

class DevStackMainTest {

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    /**
     * Stops what a test left running, and waits for it and its Kafka broker (a child JVM) to be gone: the temporary
     * directory is deleted right after, and a broker still writing its data there makes that deletion fail.
     */
    @AfterEach
    void stopLeftovers() throws Exception {
        for (Process process : started) {
            List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
            family.add(process.toHandle());
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle member : family) {
                if (member.isAlive()) {
                    member.destroyForcibly();
                }
                member.onExit().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void asAChildProcessItWritesWorkingEndpointsAndSigtermStopsItLeavingNoBrokerBehind() throws Exception {
        Process devstack = startDevStack();
        Properties env = readEnv();
        long brokerPid = Long.parseLong(Files.readString(dir.resolve("kafka/kafka.pid")).trim());
        assertThat(devstack.descendants().mapToLong(ProcessHandle::pid)).contains(brokerPid);
        assertThat(Files.readString(dir.resolve(DevStackMain.PID_FILE)).trim())
                .isEqualTo(Long.toString(devstack.pid()));

        try (Admin admin = KafkaTestClients.admin(env.getProperty("KAFKA_BOOTSTRAP_SERVERS"))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(Topics.ALL);
        }
        try (KafkaProducer<String, String> producer = KafkaTestClients
                .idempotentProducer(env.getProperty("KAFKA_BOOTSTRAP_SERVERS"))) {
            assertThat(producer.send(new ProducerRecord<>(Topics.CHANGES, "k", "v")).get(30, TimeUnit.SECONDS)
                    .offset()).isZero();
        }
        assertThat(currentDatabase(env)).isEqualTo("syncmesh");
        assertThat(env.getProperty("PG_REACTIVE_URL")).isEqualTo(env.getProperty("PG_JDBC_URL").substring(5));

        stopWithSigterm(devstack);

        assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir.resolve("postgres/data/postmaster.pid")).doesNotExist();
        assertThat(dir.resolve(DevStackMain.PID_FILE)).doesNotExist();
    }

    @Test
    void startedAgainOnTheSameDirItKeepsItsEndpointsRecordsAndDatabase() throws Exception {
        Process first = startDevStack();
        Properties firstEnv = readEnv();
        String bootstrap = firstEnv.getProperty("KAFKA_BOOTSTRAP_SERVERS");
        try (KafkaProducer<String, String> producer = KafkaTestClients.idempotentProducer(bootstrap)) {
            producer.send(new ProducerRecord<>(Topics.ALERTS, "alert", "kept")).get(30, TimeUnit.SECONDS);
        }
        try (Connection c = connect(firstEnv); Statement s = c.createStatement()) {
            s.execute("create table kept(id int primary key); insert into kept values (42)");
        }
        stopWithSigterm(first);

        startDevStack();
        Properties secondEnv = readEnv();

        assertThat(secondEnv).isEqualTo(firstEnv);
        assertThat(KafkaTestClients.readFromBeginning(bootstrap, Topics.ALERTS, 1))
                .anySatisfy(r -> assertThat(r.value()).isEqualTo("kept"));
        try (Connection c = connect(secondEnv);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
        assertThat(Files.readString(dir.resolve("kafka/kafka.out"))).containsOnlyOnce("Formatting");
    }

    private Process startDevStack() throws IOException {
        Files.deleteIfExists(dir.resolve(DevStackMain.ENV_FILE));
        Path out = dir.resolve("devstack-main-" + started.size() + ".out");
        ProcessBuilder builder = new ProcessBuilder(JavaCommand.path(),
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                "-cp", System.getProperty("java.class.path"),
                DevStackMain.class.getName(), "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile());
        // Hermetic: the child must start its own servers, whatever this machine configures.
        builder.environment().keySet().removeIf(k -> k.startsWith("SYNCMESH_"));
        Process process = builder.start();
        started.add(process);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> !process.isAlive() || Files.readAllLines(out).contains("devstack ready"));
        assertThat(process.isAlive()).as("devstack alive; output:\n%s", Files.readString(out)).isTrue();
        return process;
    }

    private void stopWithSigterm(Process devstack) throws InterruptedException {
        devstack.destroy(); // SIGTERM
        assertThat(devstack.waitFor(60, TimeUnit.SECONDS)).as("devstack stopped within 60 s").isTrue();
    }

    private Properties readEnv() throws IOException {
        Properties env = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(DevStackMain.ENV_FILE))) {
            env.load(r);
        }
        assertThat(env.stringPropertyNames()).containsExactlyInAnyOrder("KAFKA_BOOTSTRAP_SERVERS", "PG_JDBC_URL",
                "PG_REACTIVE_URL", "PG_USER", "PG_PASSWORD");
        return env;
    }

    private static String currentDatabase(Properties env) throws SQLException {
        try (Connection c = connect(env);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(Properties env) throws SQLException {
        return DriverManager.getConnection(env.getProperty("PG_JDBC_URL"), env.getProperty("PG_USER"),
                env.getProperty("PG_PASSWORD"));
    }
}
