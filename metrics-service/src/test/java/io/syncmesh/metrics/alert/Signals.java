package io.syncmesh.metrics.alert;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the signals argument of {@link AlertEngine#evaluate} in tests. */
final class Signals {

    private final Map<String, List<Sample>> signals = new HashMap<>();

    static Signals none() {
        return new Signals();
    }

    static Map<String, List<Sample>> of(String signal, Sample... samples) {
        return none().with(signal, samples).build();
    }

    Signals with(String signal, Sample... samples) {
        signals.put(signal, List.of(samples));
        return this;
    }

    Map<String, List<Sample>> build() {
        return Map.copyOf(signals);
    }
}
