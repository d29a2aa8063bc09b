package io.syncmesh.conflict.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the conflict-service (prefix {@code conflict}). */
@ConfigMapping(prefix = "conflict")
public interface ConflictConfig {

    /** How many times one change is merged before it goes to a person (DESIGN.md section 6). */
    @WithDefault("5")
    int maxMerges();

    /**
     * Longest time one attempt to answer a conflict event may take before it counts as failed and is tried again; far
     * above a normal answer (milliseconds), so only an attempt that hangs reaches it. Failed attempts are retried for
     * as long as the service runs.
     */
    @WithDefault("60S")
    Duration attemptTimeout();

    /** How often resolutions Kafka has not acknowledged are sent again (read by the outbox's schedule). */
    @WithDefault("5S")
    Duration resendInterval();

    /** Page size of the manual queue when the request names none. */
    @WithDefault("50")
    int defaultPageSize();
}
