package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.Topics;

class SyncMeshTestResourceTest {

    @Test
    void startConfiguresTheSharedKafkaAndAFreshDatabaseThatTheTestCanQueryItself() throws Exception {
        SyncMeshTestResource resource = new SyncMeshTestResource();
        Map<String, String> config = resource.start();
        PostgresDatabase db = SyncMeshTestResource.database();

        assertThat(config).containsEntry("kafka.bootstrap.servers", SyncMeshTestResource.bootstrapServers())
                .containsEntry("quarkus.datasource.reactive.url", db.reactiveUrl())
                .containsEntry("quarkus.datasource.jdbc.url", db.jdbcUrl())
                .containsEntry("quarkus.datasource.username", db.username())
                .containsEntry("quarkus.datasource.password", db.password());
        assertThat(db.reactiveUrl()).startsWith("postgresql://");
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(db.name());
        }
        try (Admin admin = KafkaTestClients.admin(SyncMeshTestResource.bootstrapServers())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(Topics.ALL);
        }
        resource.stop();
        DevStack.shared().postgres().dropDatabase(db.name());
    }

    @Test
    void aCopyOfTheDevstackClassesInAnotherClassLoaderReusesTheSharedStackInsteadOfStartingASecondOne()
            throws Exception {
        String bootstrap = DevStack.shared().bootstrapServers();
        long brokersBefore = brokerProcesses();
        URL[] classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(SyncMeshTestResourceTest::toUrl).toArray(URL[]::new);
        // Parent is the platform loader: every class of ours and of our dependencies is loaded a second time, as
        // Quarkus does for test resources.
        try (URLClassLoader isolated = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> copy = isolated.loadClass(DevStack.class.getName());
            assertThat(copy).isNotSameAs(DevStack.class);
            Object stack = copy.getMethod("shared").invoke(null);

            assertThat(copy.getMethod("bootstrapServers").invoke(stack)).isEqualTo(bootstrap);
        }
        assertThat(brokerProcesses()).isEqualTo(brokersBefore);
    }

    private static long brokerProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(BrokerMain.class.getName())).count();
    }

    private static URL toUrl(String path) {
        try {
            return Path.of(path).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    @Test
    void closingTheSharedStackLeavesItRunningForTheOtherTests() throws Exception {
        DevStack.shared().close();

        try (Admin admin = KafkaTestClients.admin(DevStack.shared().bootstrapServers())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(Topics.ALL);
        }
        PostgresDatabase db = DevStack.shared().postgres().createUniqueDatabase();
        assertThat(db.name()).startsWith("syncmesh_test_");
        DevStack.shared().postgres().dropDatabase(db.name());
    }

    @Test
    void everyStartReusesTheSharedStackButCreatesItsOwnDatabase() {
        Map<String, String> first = new SyncMeshTestResource().start();
        Map<String, String> second = new SyncMeshTestResource().start();

        assertThat(second.get("kafka.bootstrap.servers")).isEqualTo(first.get("kafka.bootstrap.servers"))
                .isEqualTo(DevStack.shared().bootstrapServers());
        assertThat(second.get("quarkus.datasource.jdbc.url")).isNotEqualTo(first.get("quarkus.datasource.jdbc.url"));
        for (Map<String, String> config : List.of(first, second)) {
            String url = config.get("quarkus.datasource.jdbc.url");
            DevStack.shared().postgres().dropDatabase(url.substring(url.lastIndexOf('/') + 1));
        }
    }
}
