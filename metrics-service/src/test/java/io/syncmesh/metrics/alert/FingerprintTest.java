package io.syncmesh.metrics.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The fingerprint is the one Alertmanager computes, so both sides name an alert alike. */
class FingerprintTest {

    @Test
    void matchesTheLabelSetFingerprintsOfPrometheusCommon() {
        // The test vectors of prometheus/common model.LabelSet.Fingerprint (5799056148416392346 in decimal).
        assertThat(Fingerprint.of(Map.of())).isEqualTo("cbf29ce484222325");
        assertThat(Fingerprint.of(Map.of("name", "garland, briggs", "fear", "love is not enough")))
                .isEqualTo("507a62d79ee76c9a");
    }

    @Test
    void keepsLeadingZerosToSixteenLowerCaseHexDigits() {
        // Computed independently (a few lines of Python FNV-1a); this label set hashes below 2^56.
        assertThat(Fingerprint.of(Map.of("alertname", "lag-high", "partition", "p120", "severity", "warning")))
                .isEqualTo("00631ca4d8bc7bbd");
    }

    @Test
    void dependsOnTheLabelsNotOnTheOrderTheyCameIn() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("a", "b");
        ab.put("c", "d");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("c", "d");
        ba.put("a", "b");

        assertThat(Fingerprint.of(ab)).isEqualTo(Fingerprint.of(ba))
                .isNotEqualTo(Fingerprint.of(Map.of("a", "b", "c", "e")));
    }

    @Test
    void theSeparatorKeepsNamesAndValuesApart() {
        assertThat(Fingerprint.of(Map.of("a", "bc"))).isNotEqualTo(Fingerprint.of(Map.of("ab", "c")));
    }
}
