package io.syncmesh.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TCP sockets of this Linux machine in the LISTEN state, by port, with the address each is bound to, read from
 * /proc/net/tcp and /proc/net/tcp6 (addresses in the kernel's hexadecimal form).
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    static Map<Integer, Set<String>> byPort() throws IOException {
        Map<Integer, Set<String>> byPort = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.trim().split("\\s+");
                if (!LISTEN.equals(columns[3])) {
                    continue;
                }
                String[] local = columns[1].split(":");
                byPort.computeIfAbsent(Integer.parseInt(local[1], 16), p -> new HashSet<>()).add(local[0]);
            }
        }
        return byPort;
    }

    /** 127.0.0.0/8 (little-endian hex, last byte 7F), ::1, or ::ffff:127.x.y.z. */
    static boolean isLoopback(String hexAddress) {
        if (hexAddress.length() == 8) {
            return hexAddress.endsWith("7F");
        }
        return hexAddress.equals("00000000000000000000000001000000")
                || (hexAddress.startsWith("0000000000000000FFFF0000") && hexAddress.endsWith("7F"));
    }
}
