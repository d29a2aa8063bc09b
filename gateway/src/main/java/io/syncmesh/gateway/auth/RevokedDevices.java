package io.syncmesh.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.syncmesh.protocol.Identifiers;

/**
 * Devices whose tokens are no longer honoured, though unexpired: a lost or stolen phone. The list is a file of
 * {@code tenant/device} lines ({@code #} starts a comment), named by {@code syncmesh.auth.revoked-devices-file}; in
 * Kubernetes a mounted ConfigMap, which the kubelet updates in place. The file is looked at again at most once a second
 * and read again when it changed, so a revocation takes effect without a restart. A file that cannot be read or holds a
 * bad line keeps the previous list (a revocation is never undone by a broken edit); at startup it is an error.
 */
@ApplicationScoped
@Startup
public class RevokedDevices {

    private static final Logger LOG = Logger.getLogger(RevokedDevices.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private record Snapshot(FileTime modified, Set<String> devices, long checkedAt) {
    }

    private final Optional<Path> file;
    private volatile Snapshot snapshot;

    RevokedDevices(@ConfigProperty(name = "syncmesh.auth.revoked-devices-file") Optional<Path> file) {
        this.file = file;
        this.snapshot = file.map(path -> {
            try {
                return read(path, System.nanoTime());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read syncmesh.auth.revoked-devices-file " + path, e);
            }
        }).orElse(new Snapshot(null, Set.of(), 0));
    }

    public boolean isRevoked(String tenant, String device) {
        return current().devices().contains(tenant + "/" + device);
    }

    private Snapshot current() {
        Snapshot known = snapshot;
        long now = System.nanoTime();
        if (file.isEmpty() || now - known.checkedAt() < RECHECK_NANOS) {
            return known;
        }
        Snapshot next;
        try {
            FileTime modified = Files.getLastModifiedTime(file.get());
            next = modified.equals(known.modified())
                    ? new Snapshot(known.modified(), known.devices(), now)
                    : read(file.get(), now);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("revoked-devices file unreadable, keeping the previous list of %d: %s", known.devices().size(),
                    e.getClass().getSimpleName());
            next = new Snapshot(known.modified(), known.devices(), now);
        }
        snapshot = next;
        return next;
    }

    private static Snapshot read(Path path, long now) throws IOException {
        FileTime modified = Files.getLastModifiedTime(path);
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        Set<String> devices = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("/", -1);
            if (parts.length != 2 || !Identifiers.isPrincipal(parts[0]) || !Identifiers.isPrincipal(parts[1])) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not tenant/device");
            }
            devices.add(line);
        }
        LOG.infof("revoked devices: %d", devices.size());
        return new Snapshot(modified, Set.copyOf(devices), now);
    }
}
