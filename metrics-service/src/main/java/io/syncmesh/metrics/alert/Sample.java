package io.syncmesh.metrics.alert;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** One observed value of a signal for one label set. */
public record Sample(Map<String, String> labels, double value) {

    /**
     * Copies the labels into a sorted map, so that equal label sets compare, print and hash alike whatever map the
     * caller built them in. A non-finite value is rejected: NaN is "no observation" (leave the label set out instead)
     * and infinities cannot be written as JSON numbers in the events.
     */
    public Sample {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null (use an empty map)");
        }
        SortedMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("labels must not hold null names or values: " + labels);
            }
            sorted.put(e.getKey(), e.getValue());
        }
        labels = Collections.unmodifiableSortedMap(sorted);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, was " + value + " for " + labels);
        }
    }

    /** A sample with the given label pairs ({@code name, value, name, value, ...}). */
    public static Sample of(double value, String... labelPairs) {
        if (labelPairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            labels.put(labelPairs[i], labelPairs[i + 1]);
        }
        return new Sample(labels, value);
    }
}
