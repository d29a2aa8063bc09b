package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import io.syncmesh.protocol.SyncJson;

/** The table and the chart say what the result says, including which targets were missed. */
class BenchReportTest {

    static BenchResult result(double r1Mesh, double p99AtQuarter) {
        return result(r1Mesh, p99AtQuarter, noisyNeighbour(24.0, 0));
    }

    /** The quiet tenant's p99 alone is 12 ms: a ratio of 2.0 at 24 ms beside the flood. */
    static NoisyNeighbour.Result noisyNeighbour(double besideP99, int quietRefused) {
        Map<Integer, Integer> quietAnswers = new TreeMap<>(Map.of(202, 2000 - quietRefused));
        if (quietRefused > 0) {
            quietAnswers.put(429, quietRefused);
        }
        return new NoisyNeighbour.Result(50, 50, 40, 500, 4, 6, 4, 250, new Latencies(1000, 4, 9, 12, 20),
                new Latencies(1000, 5, 11, besideP99, 40), besideP99 / 12, 2.0,
                List.of(new NoisyNeighbour.Window(11, besideP99 - 1)), quietAnswers, quietRefused,
                new TreeMap<>(Map.of(202, 3100, 429, 27_800)), 0, 62.5);
    }

    static BenchResult result(double r1Mesh, double p99AtQuarter, NoisyNeighbour.Result noisy) {
        Map<String, BenchResult.LatencyAt> r3 = new LinkedHashMap<>();
        r3.put("at 25% of maximum", new BenchResult.LatencyAt(0.25, 1250, new Latencies(100, 20, 30, p99AtQuarter,
                80), 50));
        r3.put("at 50% of maximum", new BenchResult.LatencyAt(0.5, 2500, new Latencies(100, 25, 45, 70, 90), 0));
        Map<String, Spread> r4 = new LinkedHashMap<>();
        r4.put("conflicts 1%", Spread.of(List.of(0.97)));
        r4.put("replays 20%", Spread.of(List.of(0.81)));
        Map<String, BenchResult.ProcessCost> processes = new LinkedHashMap<>();
        processes.put("gateway", new BenchResult.ProcessCost(Spread.of(List.of(0.05)), 140.0, 301.0));
        processes.put("sync-service", new BenchResult.ProcessCost(Spread.of(List.of(0.12)), 600.0, 812.0));
        processes.put("kafka", new BenchResult.ProcessCost(Spread.of(List.of(0.03)), null, null));
        Map<String, PullLatency.At> pull = new LinkedHashMap<>();
        pull.put("10,000 entities", new PullLatency.At(10_000, 10, 1.5, new Latencies(10, 90, 120, 130, 130),
                new Latencies(30, 7.5, 9, 11, 11), 0));
        return new BenchResult("2026-11-25T09:00:00Z", new BenchResult.Machine(2, "17", "Linux", 0.5, 1.5),
                new BenchResult.Settings(20000, 10000, 1, 8, 100, 256, 100000, 1228, 20, "4.1.2", 6),
                BenchResult.Comparison.of("R1", "changes/s", Spread.of(List.of(r1Mesh)), Spread.of(List.of(10_000.0)),
                        0.5),
                BenchResult.Comparison.of("R2", "changes/s", Spread.of(List.of(30_000.0)),
                        Spread.of(List.of(50_000.0)), 0.5),
                r3, r4, pull, processes, noisy);
    }

    @Test
    void theTableShowsEachFigureAndMarksTheMissedTargets() {
        String table = BenchTable.render(result(4_000, 60));

        assertThat(table).contains("R1 applied/s, mesh end to end", "4,000", "10,000", "0.40", "MISSED >= 0.5");
        assertThat(table).contains("R2 accepted/s, gateway", "30,000", "0.60", ">= 0.5");
        assertThat(table).contains("MISSED p99 <= 50.0", "conflicts 1%", "0.97", "replays 20%", "0.81");
        assertThat(table).contains("600 MiB (over 512)", "140 MiB", "301 MiB", "812 MiB");
        assertThat(table).contains("10,000 entities", "90.0", "130.0", "7.5", "11.0");
        assertThat(table).contains("noisy neighbour, tenant rate 50/s", "beside a flood of 500/s", "24.0", "2.00",
                "p99 ratio <= 2.0", "quiet pushes refused 0 (target 0)", "{202=3100, 429=27800}");
        assertThat(BenchTable.render(result(6_000, 40))).doesNotContain("MISSED");
    }

    @Test
    void theTableMarksANoisyNeighbourOverItsRatioOrARefusedQuietPush() {
        String table = BenchTable.render(result(6_000, 40, noisyNeighbour(30.0, 3)));

        assertThat(table).contains("2.50", "MISSED p99 ratio <= 2.0", "quiet pushes refused 3 (MISSED target 0)");
    }

    @Test
    void aRunWithoutTheNoisyNeighbourHasNoSuchSection() {
        BenchResult skipped = result(6_000, 40, null);

        assertThat(BenchTable.render(skipped)).doesNotContain("noisy neighbour");
        assertThat(SvgChart.render(skipped)).doesNotContain("Noisy neighbour");
        assertThat(SyncJson.read(SyncJson.write(skipped), BenchResult.class)).isEqualTo(skipped);
    }

    @Test
    void theChartIsWellFormedSvgWithEverySeries() throws Exception {
        String svg = SvgChart.render(result(4_000, 60));

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("R1 applied/s, mesh", "R2 accepted/s, baseline", "conflicts 1%",
                "at 25% of maximum p99", "60.0 ms", "Noisy neighbour", "beside the flood p99", "24.0 ms");
    }

    @Test
    void theResultSurvivesItsJsonForm() {
        BenchResult result = result(4_000, 60);

        assertThat(SyncJson.read(SyncJson.write(result), BenchResult.class)).isEqualTo(result);
    }
}
