package io.syncmesh.metrics.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A sample owns a sorted copy of its labels and a finite value. */
class SampleTest {

    @Test
    void labelsAreCopiedSortedAndUnmodifiable() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("partition", "p1");
        labels.put("collection", "notes");

        Sample sample = new Sample(labels, 1);
        labels.put("device", "d1");

        assertThat(sample.labels()).containsExactly(Map.entry("collection", "notes"), Map.entry("partition", "p1"));
        assertThat(sample.labels().toString()).isEqualTo("{collection=notes, partition=p1}");
        assertThatThrownBy(() -> sample.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSortedMapIsCopiedToo() {
        Map<String, String> labels = new TreeMap<>(Map.of("partition", "p1"));

        Sample sample = new Sample(labels, 1);
        labels.put("device", "d1");

        assertThat(sample.labels()).isEqualTo(Map.of("partition", "p1"));
    }

    @Test
    void samplesWithEqualLabelsAreEqualWhateverMapTheyCameIn() {
        Map<String, String> hash = new HashMap<>(Map.of("a", "1", "b", "2"));

        assertThat(new Sample(hash, 5)).isEqualTo(Sample.of(5, "b", "2", "a", "1"))
                .hasSameHashCodeAs(Sample.of(5, "b", "2", "a", "1"));
    }

    @Test
    void nullLabelsNamesOrValuesAreRejected() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("a", null);

        assertThatThrownBy(() -> new Sample(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Sample(nullValue, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void aValueThatIsNotFiniteIsRejected(double value) {
        assertThatThrownBy(() -> Sample.of(value, "a", "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }

    @Test
    void labelPairsMustComeInPairs() {
        assertThatThrownBy(() -> Sample.of(1, "a")).isInstanceOf(IllegalArgumentException.class);
    }
}
