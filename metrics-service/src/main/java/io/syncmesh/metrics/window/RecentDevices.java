package io.syncmesh.metrics.window;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jboss.logging.Logger;

/**
 * The distinct devices that reported in a rolling window, and those of them that reported a change retried too often,
 * so that an alert can weigh a share of the fleet instead of one device's worst change.
 *
 * <p>
 * Memory is bounded: one entry per (tenant, device) seen within the window, swept when counted, and at most
 * {@code maxDevices} entries (about 250 bytes each with ids of 20 characters: 100,000 devices take some 25 MB). When a
 * new device arrives at the cap, the least recently reporting device is dropped, so both counts then cover the
 * {@code maxDevices} most recently reporting devices and the share stays a share of the same set. A warning says so
 * once; the reporting count then equals the cap. Device ids stay in memory only: never in a metric label or a log line.
 * Thread-safe: the telemetry consumer records while the evaluator counts.
 */
public final class RecentDevices {

    private static final Logger LOG = Logger.getLogger(RecentDevices.class);
    private static final long NEVER = Long.MIN_VALUE;

    private final long windowMillis;
    private final int maxDevices;
    private final Map<DeviceKey, Sighting> byDevice;
    private boolean warnedFull;

    private record DeviceKey(String tenant, String device) {
    }

    /** When a device last reported, and last reported a retried change (epoch millis, {@link #NEVER} if not). */
    private static final class Sighting {

        long lastSeen = NEVER;
        long lastRetrying = NEVER;
    }

    /**
     * @param window
     *            how long a report counts
     * @param maxDevices
     *            the most devices tracked at once
     */
    public RecentDevices(Duration window, int maxDevices) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (maxDevices < 1) {
            throw new IllegalArgumentException("maxDevices must be at least 1, was " + maxDevices);
        }
        this.windowMillis = window.toMillis();
        this.maxDevices = maxDevices;
        // Access order: every report moves its device to the end, so the eldest entry is the least recently seen.
        this.byDevice = new LinkedHashMap<>(16, 0.75f, true) {

            @Override
            protected boolean removeEldestEntry(Map.Entry<DeviceKey, Sighting> eldest) {
                return size() > RecentDevices.this.maxDevices && dropped();
            }
        };
    }

    /**
     * Records a report of a device at {@code at}; {@code retrying} when it named a change retried too often. A report
     * older than one already recorded (records of several partitions interleave) never moves a device back in time.
     */
    public synchronized void seen(String tenant, String device, Instant at, boolean retrying) {
        Sighting sighting = byDevice.computeIfAbsent(new DeviceKey(tenant, device), key -> new Sighting());
        long millis = at.toEpochMilli();
        sighting.lastSeen = Math.max(sighting.lastSeen, millis);
        if (retrying) {
            sighting.lastRetrying = Math.max(sighting.lastRetrying, millis);
        }
    }

    /**
     * The devices that reported within the window ending at {@code now}, and those that reported a retried change in
     * it; a report counts until it is exactly one window old. Forgets the devices whose last report is older.
     */
    public synchronized DeviceCounts count(Instant now) {
        long from = now.toEpochMilli() - windowMillis;
        byDevice.values().removeIf(sighting -> sighting.lastSeen <= from);
        long retrying = byDevice.values().stream().filter(sighting -> sighting.lastRetrying > from).count();
        return new DeviceCounts(byDevice.size(), retrying);
    }

    private boolean dropped() {
        if (!warnedFull) {
            warnedFull = true;
            LOG.warnf("device window full at %d devices: the least recently reporting device is dropped for each new "
                    + "one, so device counts cover the most recent %d", maxDevices, maxDevices);
        }
        return true;
    }
}
