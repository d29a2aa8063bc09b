package io.syncmesh.fleet;

import java.time.Duration;

/**
 * A fleet scenario: how many devices, for how long, from which seed; the share of the time a device is offline, and the
 * share of edits that go to entities all devices share (the rest go to each device's own notes, which never conflict).
 * {@code sharedEntities} is how many shared tasks there are: fewer means more concurrent edits.
 */
public record FleetSettings(int devices, Duration duration, long seed, double offlineRatio, double conflictRatio,
        int sharedEntities, Duration thinkTime) {

    public FleetSettings {
        if (devices < 1 || devices > 10_000) {
            throw new IllegalArgumentException("--devices must be 1..10000");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (offlineRatio < 0 || offlineRatio >= 1) {
            throw new IllegalArgumentException("--offline-ratio must be in [0, 1)");
        }
        if (conflictRatio < 0 || conflictRatio > 1) {
            throw new IllegalArgumentException("--conflict-ratio must be in [0, 1]");
        }
        if (sharedEntities < 1) {
            throw new IllegalArgumentException("--shared-entities must be at least 1");
        }
        if (thinkTime.isNegative()) {
            throw new IllegalArgumentException("--think-time must not be negative");
        }
    }

    public static FleetSettings defaults() {
        return new FleetSettings(50, Duration.ofSeconds(30), 1, 0.2, 0.3, 5, Duration.ofMillis(200));
    }
}
