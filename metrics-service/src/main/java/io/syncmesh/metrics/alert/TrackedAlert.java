package io.syncmesh.metrics.alert;

import java.time.Duration;
import java.time.Instant;

/** What the engine remembers of one pending or firing alert: its state, since when it is active, its last value. */
record TrackedAlert(boolean firing, Instant activeSince, double lastValue) {

    static TrackedAlert pending(Instant now, double value) {
        return new TrackedAlert(false, now, value);
    }

    TrackedAlert seen(double value) {
        return new TrackedAlert(firing, activeSince, value);
    }

    TrackedAlert fire() {
        return new TrackedAlert(true, activeSince, lastValue);
    }

    /** Whether it has been active for at least the rule's duration; false while now is before activeSince. */
    boolean hasLasted(Duration forDuration, Instant now) {
        return Duration.between(activeSince, now).compareTo(forDuration) >= 0;
    }
}
