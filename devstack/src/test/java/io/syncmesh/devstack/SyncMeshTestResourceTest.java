package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
    }

    @Test
    void everyStartReusesTheSharedStackButCreatesItsOwnDatabase() {
        Map<String, String> first = new SyncMeshTestResource().start();
        Map<String, String> second = new SyncMeshTestResource().start();

        assertThat(second.get("kafka.bootstrap.servers")).isEqualTo(first.get("kafka.bootstrap.servers"))
                .isEqualTo(DevStack.shared().bootstrapServers());
        assertThat(second.get("quarkus.datasource.jdbc.url")).isNotEqualTo(first.get("quarkus.datasource.jdbc.url"));
    }
}
