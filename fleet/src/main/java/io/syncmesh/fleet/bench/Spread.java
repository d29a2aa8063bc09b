package io.syncmesh.fleet.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median, minimum and maximum of a side's figures over the rounds of one run. */
public record Spread(double median, double min, double max, List<Double> rounds) {

    public static Spread of(List<Double> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds");
        }
        List<Double> sorted = new ArrayList<>(rounds);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1), List.copyOf(rounds));
    }

    /** This median over the other's: the figure a target is set on. */
    public double ratioTo(Spread baseline) {
        return median / baseline.median;
    }
}
