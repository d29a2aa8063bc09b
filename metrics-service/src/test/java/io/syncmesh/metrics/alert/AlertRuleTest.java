package io.syncmesh.metrics.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A rule is validated when built, with a message that names what is wrong. */
class AlertRuleTest {

    static AlertRule named(String name) {
        return new AlertRule(name, "sync.lag", 10, Duration.ofMinutes(5), "warning", "lag");
    }

    @Test
    void aValidRuleKeepsItsFields() {
        AlertRule rule = new AlertRule("lag-high", "sync.lag", 10.5, Duration.ofMinutes(5), "critical", "lag");

        assertThat(rule.name()).isEqualTo("lag-high");
        assertThat(rule.signal()).isEqualTo("sync.lag");
        assertThat(rule.threshold()).isEqualTo(10.5);
        assertThat(rule.forDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rule.severity()).isEqualTo("critical");
        assertThat(rule.summary()).isEqualTo("lag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "lag-high", "x9", "a-",
            "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefgh"})
    void namesOfTheAllowedFormAreAccepted(String name) {
        assertThat(named(name).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Lag", "9lag", "-lag", "lag_high", "lag high", "lag.high", "läg",
            "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghi"})
    void otherNamesAreRejected(String name) {
        assertThatThrownBy(() -> named(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule name must match");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void aBlankSignalIsRejected(String signal) {
        assertThatThrownBy(() -> new AlertRule("r", signal, 1, Duration.ZERO, "info", "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signal");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void aThresholdThatIsNotFiniteIsRejected(double threshold) {
        assertThatThrownBy(() -> new AlertRule("r", "s", threshold, Duration.ZERO, "info", "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
    }

    @Test
    void aNegativeOrMissingDurationIsRejectedButZeroIsFine() {
        assertThatThrownBy(() -> new AlertRule("r", "s", 1, Duration.ofSeconds(-1), "info", "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forDuration");
        assertThatThrownBy(() -> new AlertRule("r", "s", 1, null, "info", "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("forDuration");
        assertThat(new AlertRule("r", "s", 1, Duration.ZERO, "info", "s").forDuration()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"info", "warning", "critical"})
    void theThreeSeveritiesAreAccepted(String severity) {
        assertThat(new AlertRule("r", "s", 1, Duration.ZERO, severity, "s").severity()).isEqualTo(severity);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "error", "Warning", "CRITICAL", "page"})
    void otherSeveritiesAreRejected(String severity) {
        assertThatThrownBy(() -> new AlertRule("r", "s", 1, Duration.ZERO, severity, "s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("severity");
    }

    @Test
    void aNullSummaryIsRejected() {
        assertThatThrownBy(() -> new AlertRule("r", "s", 1, Duration.ZERO, "info", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("summary");
    }

    @Test
    void activeMeansStrictlyAbove() {
        AlertRule rule = new AlertRule("r", "s", 10, Duration.ZERO, "info", "s");

        assertThat(rule.isActive(10.000001)).isTrue();
        assertThat(rule.isActive(10)).isFalse();
        assertThat(rule.isActive(-3)).isFalse();
    }
}
