package io.syncmesh.fleet.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own producer benchmark, {@code org.apache.kafka.tools.ProducerPerformance} (kafka-producer-perf-test), run in
 * a child JVM on the broker's classpath (devstack-broker resolves kafka-tools of the broker's own version): R2's
 * baseline.
 */
public final class ProducerPerformanceTool {

    /** The final summary line of a run. */
    public record Summary(long records, double recordsPerSecond, double avgLatencyMs, int p50Ms, int p99Ms) {
    }

    private static final String CLASSPATH_RESOURCE = "io/syncmesh/devstack/broker/kafka-broker.classpath";
    private static final Pattern JAR_VERSION = Pattern.compile("(kafka_2\\.13|kafka-tools)-([0-9][^/\\\\]*)\\.jar$");
    private static final Pattern TOTAL = Pattern.compile("^(\\d+) records sent, ([0-9.]+) records/sec "
            + "\\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, (\\d+) ms 50th, "
            + "(\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99\\.9th");

    private final String classpath;
    private final String version;

    private ProducerPerformanceTool(String classpath, String version) {
        this.classpath = classpath;
        this.version = version;
    }

    /** The tool on the broker's classpath; fails when kafka-tools is missing or not of the broker's version. */
    public static ProducerPerformanceTool onBrokerClasspath() {
        String text;
        try (InputStream in = ProducerPerformanceTool.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        CLASSPATH_RESOURCE + " is missing: install io.syncmesh:devstack-broker");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ProducerPerformanceTool(text, toolsVersion(text));
    }

    public String version() {
        return version;
    }

    /** The version of kafka-tools on the classpath, which must equal the broker's (kafka_2.13). */
    static String toolsVersion(String classpath) {
        String broker = null;
        String tools = null;
        for (String jar : classpath.split(Pattern.quote(File.pathSeparator))) {
            Matcher m = JAR_VERSION.matcher(jar);
            if (m.find()) {
                if (m.group(1).equals("kafka-tools")) {
                    tools = m.group(2);
                } else {
                    broker = m.group(2);
                }
            }
        }
        if (tools == null || broker == null || !tools.equals(broker)) {
            throw new IllegalStateException("the broker classpath must hold kafka-tools of the broker's version "
                    + "(kafka_2.13 " + broker + ", kafka-tools " + tools + "): see devstack-broker/pom.xml");
        }
        return tools;
    }

    /**
     * Sends {@code records} records of {@code recordSize} bytes to {@code topic} as fast as acknowledged, with the
     * given producer settings; the tool's output goes to {@code log}, its final summary is returned.
     */
    public Summary run(String bootstrap, String topic, int records, int recordSize, List<String> producerProps,
            Path log, PrintStream progress) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx512m",
                // The summary is printed in the default locale: a decimal point, whatever the machine's.
                "-Duser.language=en", "-Duser.country=US", "-cp", classpath,
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", Integer.toString(records), "--record-size", Integer.toString(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap));
        command.addAll(producerProps);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Summary summary = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer file = Files.newBufferedWriter(log)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                file.write(line + "\n");
                progress.println("  [producer-perf] " + line);
                Summary parsed = parse(line);
                summary = parsed == null ? summary : parsed;
            }
        } finally {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        }
        if (process.exitValue() != 0 || summary == null) {
            throw new IllegalStateException("ProducerPerformance exited with " + process.exitValue()
                    + (summary == null ? " and no summary" : "") + ": see " + log);
        }
        if (summary.records() != records) {
            throw new IllegalStateException("ProducerPerformance got " + summary.records() + " of " + records
                    + " records acknowledged: see " + log);
        }
        return summary;
    }

    /** The summary in a line of the tool's output, or null when the line is not the final summary. */
    static Summary parse(String line) {
        Matcher m = TOTAL.matcher(line);
        if (!m.find()) {
            return null;
        }
        return new Summary(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(4)),
                Integer.parseInt(m.group(6)), Integer.parseInt(m.group(8)));
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
