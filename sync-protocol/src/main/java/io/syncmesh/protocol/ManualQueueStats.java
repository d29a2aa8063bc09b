package io.syncmesh.protocol;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The manual conflict queue over all tenants, as the conflict-service reports it to the metrics-service: how many items
 * are open and when the oldest open one was created (absent when none is open). Counts and a time only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManualQueueStats(long openItems, Instant oldestOpenCreatedAt) {
}
