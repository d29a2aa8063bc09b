package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeysTest {

    @TempDir
    Path dir;

    @Test
    void generatesRsa2048KeysWhoseKidIsStableForTheKeyAndDiffersBetweenKeys() {
        DevKeys keys = DevKeys.generate();
        DevKeys other = DevKeys.generate();

        assertThat(((RSAPublicKey) keys.publicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(keys.privateKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(keys.kid()).matches("[A-Za-z0-9_-]{11}").isNotEqualTo(other.kid());
    }

    @Test
    void writesPemFilesThatLoadBackAsTheSameKeys() throws Exception {
        DevKeys created = DevKeys.loadOrCreate(dir.resolve("keys"));

        DevKeys loaded = DevKeys.loadOrCreate(dir.resolve("keys"));

        assertThat(loaded.privateKey().getEncoded()).isEqualTo(created.privateKey().getEncoded());
        assertThat(loaded.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
        assertThat(loaded.kid()).isEqualTo(created.kid());
        assertThat(Files.readString(dir.resolve("keys/jwt-private.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve("keys/jwt-public.pem"))).isEqualTo(created.publicKeyPem())
                .startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(created.publicKeyPem().lines())
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
    }

    @Test
    void thePrivateKeyFileIsReadableByItsOwnerOnly() throws Exception {
        DevKeys.loadOrCreate(dir);

        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("jwt-private.pem"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aMissingPublicKeyFileIsDerivedFromThePrivateKeyAgain() throws Exception {
        DevKeys created = DevKeys.loadOrCreate(dir);
        Files.delete(dir.resolve("jwt-public.pem"));

        DevKeys loaded = DevKeys.loadOrCreate(dir);

        assertThat(loaded.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
        assertThat(Files.readString(dir.resolve("jwt-public.pem"))).isEqualTo(created.publicKeyPem());
    }

    @Test
    void aPublicKeyWithoutItsPrivateKeyIsNeverOverwritten() throws Exception {
        DevKeys.loadOrCreate(dir);
        Files.delete(dir.resolve("jwt-private.pem"));
        String publicPem = Files.readString(dir.resolve("jwt-public.pem"));

        assertThatThrownBy(() -> DevKeys.loadOrCreate(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jwt-public.pem exists without jwt-private.pem");
        assertThat(Files.readString(dir.resolve("jwt-public.pem"))).isEqualTo(publicPem);
    }

    @Test
    void aPublicKeyFileOfAnotherKeyPairIsRefused() throws Exception {
        DevKeys.loadOrCreate(dir);
        Files.writeString(dir.resolve("jwt-public.pem"), DevKeys.generate().publicKeyPem());

        assertThatThrownBy(() -> DevKeys.loadOrCreate(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not the public key of");
    }

    @Test
    void concurrentCallersOnOneDirAllGetTheSameKeyPair() throws Exception {
        List<CompletableFuture<DevKeys>> callers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            callers.add(CompletableFuture.supplyAsync(() -> DevKeys.loadOrCreate(dir)));
        }

        List<String> kids = new ArrayList<>();
        for (CompletableFuture<DevKeys> caller : callers) {
            kids.add(caller.get().kid());
        }

        assertThat(kids).containsOnly(DevKeys.loadOrCreate(dir).kid());
    }
}
