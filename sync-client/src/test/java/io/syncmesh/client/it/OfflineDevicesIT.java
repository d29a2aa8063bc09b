package io.syncmesh.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.client.SyncReport;
import io.syncmesh.client.it.Devices.Device;
import io.syncmesh.client.local.LocalEntity;
import io.syncmesh.client.local.SqliteStore;
import io.syncmesh.devstack.PackagedMesh;

/** The SDK on the real mesh (gateway, Kafka, sync-service, conflict-service, PostgreSQL as packaged processes). */
class OfflineDevicesIT {

    static PackagedMesh mesh;

    @BeforeAll
    static void startMesh() {
        mesh = PackagedMesh.start(Path.of("target", "offline-devices-mesh"));
    }

    @AfterAll
    static void stopMesh() {
        if (mesh != null) {
            mesh.close();
        }
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    @Test
    void anEntityCreatedOfflineOnOneDeviceShowsUpOnAnotherAfterBothSync(@TempDir Path dir) {
        String tenant = tenant();
        // The phone keeps its state in SQLite and is restarted while offline: the edit survives the reopen.
        Device offlinePhone = Devices.device(mesh, tenant, "phone", SqliteStore.open(dir.resolve("phone.db")), 1);
        Device tablet = Devices.device(mesh, tenant, "tablet");
        offlinePhone.network().online(false);

        offlinePhone.client().create("notes", "groceries", Map.of("title", TextNode.valueOf("Groceries"), "body",
                TextNode.valueOf("Milk")));
        assertThat(offlinePhone.client().sync().outcome()).as("offline").isEqualTo(SyncReport.FAILED);
        offlinePhone.client().close();
        Device phone = Devices.device(mesh, tenant, "phone", SqliteStore.open(dir.resolve("phone.db")), 1);
        assertThat(phone.client().queueLength()).isEqualTo(1);

        assertThat(phone.client().networkAvailable().outcome()).isEqualTo(SyncReport.OK);
        assertThat(tablet.client().sync().outcome()).isEqualTo(SyncReport.OK);

        LocalEntity onTablet = tablet.client().get("notes", "groceries").orElseThrow();
        assertThat(onTablet.fields()).isEqualTo(Map.of("title", TextNode.valueOf("Groceries"), "body",
                TextNode.valueOf("Milk")));
        assertThat(onTablet.serverVersion()).isEqualTo(1);
        assertThat(phone.client().get("notes", "groceries").orElseThrow().pending()).isFalse();
    }

    @Test
    void concurrentOfflineEditsOfTwoDevicesMergeAndBothDevicesEndEqual() {
        String tenant = tenant();
        Device a = Devices.device(mesh, tenant, "dev-a");
        Device b = Devices.device(mesh, tenant, "dev-b");
        a.client().create("tasks", "t1", Map.of("title", TextNode.valueOf("Paint"), "minutesSpent",
                IntNode.valueOf(0), "priority", IntNode.valueOf(1)));
        a.client().sync();
        b.client().sync();
        a.network().online(false);
        b.network().online(false);

        // Both work offline on the same task: a counter and a max field (DESIGN.md section 6).
        a.client().update("tasks", "t1", Map.of("minutesSpent", IntNode.valueOf(30), "priority", IntNode.valueOf(2)));
        b.client().update("tasks", "t1", Map.of("minutesSpent", IntNode.valueOf(45), "priority", IntNode.valueOf(5)));
        Devices.syncUntilSettled(List.of(a, b));

        Map<String, JsonNode> onA = a.client().get("tasks", "t1").orElseThrow().fields();
        assertThat(onA.get("minutesSpent").asInt()).as("counter: both increments count").isEqualTo(75);
        assertThat(onA.get("priority").asInt()).as("max").isEqualTo(5);
        assertThat(Devices.view(b.client())).isEqualTo(Devices.view(a.client()));
    }
}
