package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchOptionsTest {

    @Test
    void noArgumentsGiveTheDefaults() {
        assertThat(BenchOptions.parse()).isEqualTo(BenchOptions.defaults());
    }

    @Test
    void everyOptionIsRead() {
        BenchOptions options = BenchOptions.parse("--changes", "50_000", "--warmup", "0", "--rounds", "5",
                "--clients", "4", "--batch", "250", "--title-chars", "1000", "--ingest-changes", "7000",
                "--latency-seconds", "3", "--pull-entities", "1000, 5000", "--partitions", "12", "--noisy-rounds", "2",
                "--noisy-warmup-rounds", "1", "--noisy-pushes", "100", "--out", "/tmp/b");

        assertThat(options).isEqualTo(new BenchOptions(50_000, 0, 5, 4, 250, 1000, 7000, 3, List.of(1000, 5000),
                12, 2, 1, 100, Path.of("/tmp/b")));
        assertThat(BenchOptions.parse("--noisy-rounds", "0").noisyRounds()).as("0 skips the noisy neighbour")
                .isZero();
        assertThat(BenchOptions.parse("--pull-entities", "none").pullEntities()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--changes|0|--changes must be at least 1",
            "--rounds|x|--rounds must be a whole number",
            "--warmup|-1|--warmup must not be negative",
            "--batch|501|--batch must be at most 500",
            "--title-chars|70000|--title-chars must be at most 60000",
            "--pull-entities|10,x|--pull-entities must be a whole number",
            "--partitions|0|--partitions must be at least 1",
            "--noisy-rounds|-1|--noisy-rounds must not be negative",
            "--noisy-pushes|0|--noisy-pushes must be at least 1",
            "--speed|3|unknown option --speed"})
    void badValuesNameTheOption(String name, String value, String message) {
        assertThatThrownBy(() -> BenchOptions.parse(name, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void anOptionWithoutValueIsNamed() {
        assertThatThrownBy(() -> BenchOptions.parse("--rounds")).hasMessage("--rounds needs a value");
    }
}
