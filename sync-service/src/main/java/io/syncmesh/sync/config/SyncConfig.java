package io.syncmesh.sync.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the sync-service's apply path, deferral queue and retention. */
@ConfigMapping(prefix = "sync")
public interface SyncConfig {

    /** The deferral queue of changes whose dependencies are not applied yet. */
    Deferral deferral();

    /** How long history, tombstones and the change log are kept. */
    Retention retention();

    /** How a failing batch is retried. */
    Retry retry();

    /**
     * How many committed batches of sync.changes may wait for Kafka to acknowledge their events while the next one is
     * applied (per process). 0 sends and waits before the next batch starts.
     */
    @WithDefault("2")
    int batchesAwaitingAcks();

    interface Deferral {

        /** How long a change may wait for its dependencies before it is rejected with dependency-missing. */
        @WithDefault("5M")
        Duration maxWait();

        /** How often the deferral queue is retried. */
        @WithDefault("1S")
        Duration retryInterval();

        /** Most deferred changes taken in one retry round. */
        @WithDefault("500")
        int batchSize();
    }

    interface Retention {

        /** How long versions stay in history (the merge bases); a merge against an older base has no base. */
        @WithDefault("30D")
        Duration history();

        /** How long tombstones and change-log rows stay; a pull cursor older than that must resync. */
        @WithDefault("30D")
        Duration changeLog();

        /** How often retention runs. */
        @WithDefault("1H")
        Duration interval();
    }

    interface Retry {

        /** First wait before a batch that failed on a transient database error is tried again (doubling). */
        @WithDefault("200MS")
        Duration initialBackoff();

        /** Longest wait between tries of a batch that keeps failing transiently. */
        @WithDefault("10S")
        Duration maxBackoff();

        /**
         * Longest time one transaction of the apply path may take before it counts as failed transiently and is tried
         * again; far above a normal batch (milliseconds), so only an attempt that hangs reaches it.
         */
        @WithDefault("60S")
        Duration attemptTimeout();
    }
}
