package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerSavedPortsTest {

    @TempDir
    Path dir;

    @Test
    void aFormattedWorkDirWhoseSavedPortIsTakenFailsWithAMessageNamingThePortAndTheDir() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // What an earlier run leaves: its saved identity and a formatted log dir.
            Files.writeString(dir.resolve("devstack-broker.properties"),
                    "cluster.id=abc\nport=" + taken.getLocalPort() + "\ncontroller.port=" + FreePorts.pick() + "\n");
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(dir.resolve("data/meta.properties"), "cluster.id=abc\n");

            assertThatThrownBy(() -> KafkaBroker.start(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("is taken")
                    .hasMessageContaining(dir.toString());
        }
    }
}
