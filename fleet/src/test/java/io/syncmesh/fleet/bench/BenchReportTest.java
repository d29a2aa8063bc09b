package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import io.syncmesh.protocol.SyncJson;

/** The table and the chart say what the result says, including which targets were missed. */
class BenchReportTest {

    static BenchResult result(double r1Mesh, double p99AtQuarter) {
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
                r3, r4, pull, processes);
    }

    @Test
    void theTableShowsEachFigureAndMarksTheMissedTargets() {
        String table = BenchTable.render(result(4_000, 60));

        assertThat(table).contains("R1 applied/s, mesh end to end", "4,000", "10,000", "0.40", "MISSED >= 0.5");
        assertThat(table).contains("R2 accepted/s, gateway", "30,000", "0.60", ">= 0.5");
        assertThat(table).contains("MISSED p99 <= 50.0", "conflicts 1%", "0.97", "replays 20%", "0.81");
        assertThat(table).contains("600 MiB (over 512)", "140 MiB", "301 MiB", "812 MiB");
        assertThat(table).contains("10,000 entities", "90.0", "130.0", "7.5", "11.0");
        assertThat(BenchTable.render(result(6_000, 40))).doesNotContain("MISSED");
    }

    @Test
    void theChartIsWellFormedSvgWithEverySeries() throws Exception {
        String svg = SvgChart.render(result(4_000, 60));

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(svg).contains("R1 applied/s, mesh", "R2 accepted/s, baseline", "conflicts 1%",
                "at 25% of maximum p99", "60.0 ms");
    }

    @Test
    void theResultSurvivesItsJsonForm() {
        BenchResult result = result(4_000, 60);

        assertThat(SyncJson.read(SyncJson.write(result), BenchResult.class)).isEqualTo(result);
    }
}
