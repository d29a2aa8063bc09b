package io.syncmesh.sync.apply;

/** The idempotency key of a change: its id within its tenant. */
public record OutcomeKey(String tenant, String changeId) {
}
