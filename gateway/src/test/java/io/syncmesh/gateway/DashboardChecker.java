package io.syncmesh.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.SyncJson;

/**
 * Checks Grafana dashboards against running services: every query parses as PromQL ({@code promtool check rules} on the
 * queries written as recording rules) and every metric it selects is in some service's {@code /q/metrics}.
 */
final class DashboardChecker {

    /** A metric selector: a name followed by its label matchers or a range. */
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[\\{\\[]");

    private DashboardChecker() {
    }

    /** Every query of every dashboard in the folder, by "file: panel title". */
    static Map<String, List<String>> queries(Path folder) throws IOException {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = SyncJson.read(Files.readString(file), JsonNode.class);
                for (JsonNode panel : dashboard.path("panels")) {
                    List<String> exprs = new ArrayList<>();
                    panel.path("targets").forEach(target -> exprs.add(target.path("expr").asText()));
                    queries.put(file.getFileName() + ": " + panel.path("title").asText(), exprs);
                }
            }
        }
        return queries;
    }

    /** The metric names the queries select. */
    static Set<String> metricsOf(String expr) {
        Set<String> names = new java.util.TreeSet<>();
        Matcher matcher = SELECTOR.matcher(expr);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The problems of the dashboards in the folder, given the metric names services expose; empty when none. */
    static List<String> problems(Path folder, Set<String> exposed) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
        int n = 0;
        for (Map.Entry<String, List<String>> panel : queries(folder).entrySet()) {
            if (panel.getValue().isEmpty()) {
                problems.add(panel.getKey() + ": no query");
            }
            for (String expr : panel.getValue()) {
                Set<String> metrics = metricsOf(expr);
                if (metrics.isEmpty()) {
                    problems.add(panel.getKey() + ": selects no metric: " + expr);
                }
                metrics.stream().filter(m -> !exposed.contains(m))
                        .forEach(m -> problems.add(panel.getKey() + ": no service exposes " + m));
                // Grafana's own variable is not PromQL; any range stands in for it when parsing.
                String promql = expr.replace("$__rate_interval", "5m");
                rules.append("      - record: dashboard:query:").append(n++).append('\n')
                        .append("        expr: '").append(promql.replace("'", "''")).append("'\n");
            }
        }
        Path file = Files.createTempFile("dashboard-queries", ".yaml");
        Files.writeString(file, rules.toString(), StandardCharsets.UTF_8);
        Process promtool = new ProcessBuilder("promtool", "check", "rules", file.toString()).redirectErrorStream(true)
                .start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!promtool.waitFor(60, TimeUnit.SECONDS) || promtool.exitValue() != 0) {
            problems.add("a query does not parse: " + output.strip());
        }
        return problems;
    }

    /** The metric names in Prometheus text exposition format. */
    static Set<String> exposedIn(String metricsText) {
        Set<String> names = new java.util.TreeSet<>();
        for (String line : metricsText.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
