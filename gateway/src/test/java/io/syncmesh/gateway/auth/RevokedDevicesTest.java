package io.syncmesh.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevokedDevicesTest {

    @Test
    void noFileRevokesNothing() {
        assertThat(new RevokedDevices(Optional.empty()).isRevoked("t", "d")).isFalse();
    }

    @Test
    void listedDevicesAreRevokedAndCommentsIgnored(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("revoked"), "# lost\nt1/phone-1  # stolen on 2026-11-20\n\n");
        RevokedDevices revoked = new RevokedDevices(Optional.of(file));

        assertThat(revoked.isRevoked("t1", "phone-1")).isTrue();
        assertThat(revoked.isRevoked("t1", "phone-2")).isFalse();
        assertThat(revoked.isRevoked("t2", "phone-1")).isFalse();
    }

    @Test
    void aChangedFileTakesEffectWithoutARestartAndABrokenEditKeepsThePreviousList(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("revoked"), "t1/phone-1\n");
        RevokedDevices revoked = new RevokedDevices(Optional.of(file));

        Files.writeString(file, "t1/phone-1\nt1/phone-2\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(5)).until(() -> revoked.isRevoked("t1", "phone-2"));

        Files.writeString(file, "not a tenant and device\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> revoked.isRevoked("t1", "phone-1") && revoked.isRevoked("t1", "phone-2"));
    }

    @Test
    void aBrokenOrMissingFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken"), "t1 phone-1\n");

        assertThatThrownBy(() -> new RevokedDevices(Optional.of(broken))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> new RevokedDevices(Optional.of(dir.resolve("missing"))))
                .hasMessageContaining("cannot read");
    }
}
