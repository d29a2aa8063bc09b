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

    /** How long a conflict event is retried while its store or Kafka is unreachable, before the consumer fails. */
    @WithDefault("2M")
    Duration retryFor();

    /** How often resolutions Kafka has not acknowledged are sent again (read by the outbox's schedule). */
    @WithDefault("5S")
    Duration resendInterval();

    /** Page size of the manual queue when the request names none. */
    @WithDefault("50")
    int defaultPageSize();
}
