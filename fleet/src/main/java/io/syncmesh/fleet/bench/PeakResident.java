package io.syncmesh.fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A process's peak resident memory over its life ({@code VmHWM} of {@code /proc/<pid>/status}): heap, metaspace, code
 * cache, thread stacks and direct buffers together, which is what a container's memory limit holds it to. The heap in
 * use alone (Micrometer's figure) does not tell whether a service fits its container. Reads -1 where there is no such
 * file (not Linux, or the process is gone).
 */
final class PeakResident {

    private static final String FIELD = "VmHWM:";

    private PeakResident() {
    }

    static long bytesOf(long pid) {
        try {
            return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** The {@code VmHWM:   123456 kB} line in bytes, or -1 without one. */
    static long parse(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith(FIELD)) {
                String[] parts = line.substring(FIELD.length()).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("VmHWM is not in kB");
                }
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }
}
