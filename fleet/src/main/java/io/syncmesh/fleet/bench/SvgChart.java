package io.syncmesh.fleet.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's chart, as SVG: throughput of each side against its baseline (bars as a fraction of the baseline's
 * median, with the min-max range and the absolute medians written beside), R4's ratios, R3's latency percentiles
 * against the 50 ms target, and the noisy neighbour's quiet latency alone and beside the flood.
 */
public final class SvgChart {

    private static final int WIDTH = 960;
    private static final int ROW = 26;
    private static final int LABEL = 300;
    private static final int BAR = 440;

    private SvgChart() {
    }

    public static String render(BenchResult result) {
        List<String> body = new ArrayList<>();
        int y = 40;
        body.add(text(20, 24, "syncmesh benchmark, " + result.at() + ", " + result.machine().cores() + " cores", 16));
        y = section(body, y, "Throughput, as a fraction of the baseline's median (bar) with min-max (line)");
        for (Map.Entry<String, BenchResult.Comparison> entry : Map.of("R1 applied/s", result.r1(), "R2 accepted/s",
                result.r2()).entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            BenchResult.Comparison c = entry.getValue();
            double scale = c.baseline().median();
            y = bar(body, y, entry.getKey() + ", mesh", c.mesh(), scale, "#3b7dd8", true);
            y = bar(body, y, entry.getKey() + ", baseline", c.baseline(), scale, "#999999", true);
            body.add(line(LABEL + (int) (c.target() * BAR), y - 2 * ROW, LABEL + (int) (c.target() * BAR), y,
                    "#d83b3b", "4,3"));
        }
        y = section(body, y + 10, "R4: throughput with conflicts and replays, as a ratio to 0%");
        for (Map.Entry<String, Spread> entry : result.r4().entrySet()) {
            y = bar(body, y, entry.getKey(), entry.getValue(), 1, "#7a5cc7", false);
        }
        y = section(body, y + 10, "R3: push-to-visible latency (ms), dashed line at 50 ms");
        double maxMs = Math.max(60, result.r3().values().stream().mapToDouble(at -> at.latency().p99Ms()).max()
                .orElse(60));
        for (Map.Entry<String, BenchResult.LatencyAt> entry : result.r3().entrySet()) {
            Latencies l = entry.getValue().latency();
            for (Map.Entry<String, Double> p : List.of(Map.entry("p50", l.p50Ms()), Map.entry("p95", l.p95Ms()),
                    Map.entry("p99", l.p99Ms()))) {
                int width = (int) (p.getValue() / maxMs * BAR);
                body.add(text(20, y + 17, entry.getKey() + " " + p.getKey(), 13));
                body.add(rect(LABEL, y + 4, width, ROW - 8, "#2f9e6e"));
                body.add(text(LABEL + width + 6, y + 17, String.format(Locale.ROOT, "%.1f ms", p.getValue()), 12));
                y += ROW;
            }
        }
        int target = LABEL + (int) (50 / maxMs * BAR);
        body.add(line(target, y - 6 * ROW, target, y, "#d83b3b", "4,3"));
        if (result.noisyNeighbour() != null) {
            y = noisyNeighbour(body, y, result.noisyNeighbour());
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + (y + 20)
                + "\" font-family=\"sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                + String.join("\n", body) + "\n</svg>\n";
    }

    /** The quiet tenant's p50 and p99 alone and beside the flood, the dashed line at the target times p99 alone. */
    private static int noisyNeighbour(List<String> body, int y, NoisyNeighbour.Result n) {
        double limitMs = n.alone().p99Ms() * n.p99RatioTarget();
        y = section(body, y + 10, String.format(Locale.ROOT, "Noisy neighbour: the quiet tenant's push latency (ms), "
                + "p99 ratio %.2f; dashed line at %.1f x p99 alone", n.p99Ratio(), n.p99RatioTarget()));
        double maxMs = Math.max(limitMs, n.beside().p99Ms()) * 1.1;
        int top = y;
        for (Map.Entry<String, Latencies> side : List.of(Map.entry("alone", n.alone()),
                Map.entry("beside the flood", n.beside()))) {
            for (Map.Entry<String, Double> p : List.of(Map.entry("p50", side.getValue().p50Ms()),
                    Map.entry("p99", side.getValue().p99Ms()))) {
                int width = (int) (p.getValue() / maxMs * BAR);
                body.add(text(20, y + 17, side.getKey() + " " + p.getKey(), 13));
                body.add(rect(LABEL, y + 4, width, ROW - 8, "#d8923b"));
                body.add(text(LABEL + width + 6, y + 17, String.format(Locale.ROOT, "%.1f ms", p.getValue()), 12));
                y += ROW;
            }
        }
        int limit = LABEL + (int) (limitMs / maxMs * BAR);
        body.add(line(limit, top, limit, y, "#d83b3b", "4,3"));
        return y;
    }

    private static int section(List<String> body, int y, String title) {
        body.add(text(20, y + 18, title, 14));
        return y + ROW + 4;
    }

    /** A bar of the median over {@code scale}, the min-max range as a line, the figures written after both. */
    private static int bar(List<String> body, int y, String label, Spread spread, double scale, String color,
            boolean absolute) {
        int width = (int) Math.min(BAR * 1.1, spread.median() / scale * BAR);
        int rangeEnd = (int) Math.min(BAR * 1.1, spread.max() / scale * BAR);
        body.add(text(20, y + 17, label, 13));
        body.add(rect(LABEL, y + 4, width, ROW - 8, color));
        body.add(line(LABEL + (int) (spread.min() / scale * BAR), y + ROW / 2, LABEL + rangeEnd, y + ROW / 2,
                "#222222", null));
        String figures = absolute
                ? String.format(Locale.ROOT, "%,.0f (%.2f)", spread.median(), spread.median() / scale)
                : String.format(Locale.ROOT, "%.2f", spread.median());
        body.add(text(LABEL + Math.max(width, rangeEnd) + 8, y + 17, figures, 12));
        return y + ROW;
    }

    private static String text(int x, int y, String text, int size) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" font-size=\"" + size + "\">" + escape(text) + "</text>";
    }

    private static String rect(int x, int y, int width, int height, String color) {
        return "<rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + Math.max(1, width) + "\" height=\"" + height
                + "\" fill=\"" + color + "\"/>";
    }

    private static String line(int x1, int y1, int x2, int y2, String color, String dash) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"" + color
                + "\" stroke-width=\"2\"" + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
