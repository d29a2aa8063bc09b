package io.syncmesh.metrics.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Settings of the metrics-service (prefix {@code metrics}). */
@ConfigMapping(prefix = "metrics")
public interface MetricsConfig {

    /** How often lag is read and alert rules are evaluated. */
    @WithDefault("5S")
    Duration evaluationInterval();

    /** The consumer groups whose lag is watched, as group=topic pairs. */
    @WithDefault("sync-service=sync.changes,conflict-service=sync.conflicts")
    List<String> lagGroups();

    /** Over how long lag growth is measured. */
    @WithDefault("1M")
    Duration lagGrowthWindow();

    /** Fewer final receipts than this in a window give no conflict ratio (1 of 1 is not a rate). */
    @WithDefault("20")
    int conflictRatioMinChanges();

    /**
     * How far back in time each consumer starts reading when this instance starts, so that its windows (the longest is
     * 1 hour) are whole again after a restart. 0 reads only what happens from now on.
     */
    @WithDefault("1H")
    Duration lookback();

    /** Which devices count as retrying, for the {@code devices-retrying-*} signals and gauges. */
    RetryingDevices retryingDevices();

    /** Alert rules by name. */
    Alerts alerts();

    /** Where alert transitions are posted (Alertmanager webhook format); none when absent. */
    Webhook webhook();

    interface RetryingDevices {

        /** A device is retrying while it reported, in the last 5 minutes, a change that needed more attempts. */
        @WithDefault("10")
        int attemptsAbove();

        /**
         * Fewer retrying devices than this give a share of 0 ({@code devices-retrying-share-5m}): a handful of stuck
         * devices is a support case, whatever share of a small fleet they are.
         */
        @WithDefault("3")
        int minDevices();

        /**
         * The most devices the 5-minute window tracks (about 250 bytes each); beyond, the least recently reporting are
         * dropped, and the counts cover the most recent ones.
         */
        @WithDefault("100000")
        int maxTracked();
    }

    interface Alerts {

        /** The rules, by name. */
        Map<String, Rule> rules();
    }

    interface Rule {

        /** The signal it watches (see the README's list of signals). */
        String signal();

        /** The alert is active while the signal is above this. */
        double threshold();

        /** How long it must stay above before it fires. */
        @WithName("for")
        @WithDefault("0S")
        Duration forDuration();

        /** info, warning or critical. */
        @WithDefault("warning")
        String severity();

        /** One line for people. */
        String summary();
    }

    interface Webhook {

        /** The receiver URL (for example Alertmanager-compatible tooling or a chat bridge). */
        Optional<String> url();

        /** How many times a delivery is tried before it is given up (and logged). */
        @WithDefault("5")
        int attempts();

        /** The first retry's delay; it doubles after each failure. */
        @WithDefault("1S")
        Duration initialBackoff();
    }
}
