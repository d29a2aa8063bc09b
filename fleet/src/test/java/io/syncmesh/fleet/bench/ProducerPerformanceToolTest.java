package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;

import org.junit.jupiter.api.Test;

class ProducerPerformanceToolTest {

    @Test
    void theFinalSummaryIsParsedAndTheWindowLinesAreNot() {
        assertThat(ProducerPerformanceTool.parse("200000 records sent, 50633.2 records/sec (59.10 MB/sec), "
                + "312.45 ms avg latency, 901.00 ms max latency, 290 ms 50th, 700 ms 95th, 850 ms 99th, "
                + "899 ms 99.9th.")).isEqualTo(new ProducerPerformanceTool.Summary(200000, 50633.2, 312.45, 290, 850));
        assertThat(ProducerPerformanceTool.parse("251905 records sent, 50381.0 records/sec (58.81 MB/sec), "
                + "300.1 ms avg latency, 800.0 ms max latency.")).isNull();
    }

    @Test
    void toolsMustBeOfTheBrokersVersion() {
        String sep = File.pathSeparator;
        assertThat(ProducerPerformanceTool.toolsVersion("/m/kafka_2.13-4.1.2.jar" + sep + "/m/kafka-tools-4.1.2.jar"))
                .isEqualTo("4.1.2");
        assertThatThrownBy(() -> ProducerPerformanceTool.toolsVersion("/m/kafka_2.13-4.1.2.jar" + sep
                + "/m/kafka-tools-4.0.0.jar")).hasMessageContaining("kafka-tools 4.0.0");
        assertThatThrownBy(() -> ProducerPerformanceTool.toolsVersion("/m/kafka_2.13-4.1.2.jar"))
                .hasMessageContaining("kafka-tools null");
    }

    @Test
    void theBrokerClasspathOfThisBuildHasTheTool() {
        assertThat(ProducerPerformanceTool.onBrokerClasspath().version()).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
