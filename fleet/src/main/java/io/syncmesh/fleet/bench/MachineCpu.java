package io.syncmesh.fleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU time the whole machine spent (every process: the services, the broker, PostgreSQL, the load generator) from
 * the kernel's {@code /proc/stat}; what a per-process meter cannot see, such as the database server's share. Where
 * there is no {@code /proc/stat} (not Linux) it reads zero.
 */
final class MachineCpu {

    private static final Path STAT = Path.of("/proc/stat");
    /** The kernel's USER_HZ: the unit of /proc/stat, 100 on every Linux platform the JDK runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final double busyAtStart;

    private MachineCpu(double busyAtStart) {
        this.busyAtStart = busyAtStart;
    }

    static MachineCpu start() {
        return new MachineCpu(busySeconds(read()));
    }

    /**
     * CPU seconds the machine was busy (neither idle nor waiting for I/O, nor stolen by the hypervisor for other
     * machines) since {@link #start}.
     */
    double busySeconds() {
        return busySeconds(read()) - busyAtStart;
    }

    /** Busy seconds from the first line of /proc/stat: {@code cpu user nice system idle iowait irq softirq steal …}. */
    static double busySeconds(String statFirstLine) {
        if (statFirstLine.isEmpty()) {
            return 0;
        }
        String[] fields = statFirstLine.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 6) {
            throw new IllegalArgumentException("not the total line of /proc/stat");
        }
        long busy = 0;
        // user, nice, system, (idle), (iowait), irq, softirq, (steal); guest time is already in user.
        for (int i = 1; i < Math.min(fields.length, 8); i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy / TICKS_PER_SECOND;
    }

    private static String read() {
        try {
            List<String> lines = Files.readAllLines(STAT);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            return "";
        }
    }
}
