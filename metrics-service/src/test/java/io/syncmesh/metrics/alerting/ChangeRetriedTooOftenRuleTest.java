package io.syncmesh.metrics.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.config.WithDefault;
import io.syncmesh.metrics.alert.AlertEngine;
import io.syncmesh.metrics.alert.AlertRule;
import io.syncmesh.metrics.config.MetricsConfig;
import io.syncmesh.metrics.window.DeviceCounts;
import io.syncmesh.protocol.AlertEvent;

/**
 * The shipped {@code change-retried-too-often} rule (application.properties and the defaults of
 * {@link MetricsConfig.RetryingDevices}) on the device signals: it fires at once when more than 5 % of the devices that
 * reported in 5 minutes, and at least 3 of them, had a change that needed more than 10 attempts; never for one device,
 * nor for two, whatever share of the fleet they are.
 */
class ChangeRetriedTooOftenRuleTest {

    static final String RULE = "change-retried-too-often";
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static AlertRule rule;
    static int minDevices;

    @BeforeAll
    static void shippedConfiguration() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = ChangeRetriedTooOftenRuleTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        String prefix = "metrics.alerts.rules." + RULE + ".";
        rule = new AlertRule(RULE, properties.getProperty(prefix + "signal"),
                Double.parseDouble(properties.getProperty(prefix + "threshold")),
                Duration.parse("PT" + properties.getProperty(prefix + "for")), properties.getProperty(prefix
                        + "severity"),
                properties.getProperty(prefix + "summary"));
        minDevices = Integer.parseInt(defaultOf("minDevices"));
    }

    static String defaultOf(String setting) throws NoSuchMethodException {
        return MetricsConfig.RetryingDevices.class.getMethod(setting).getAnnotation(WithDefault.class).value();
    }

    static List<AlertEvent> evaluate(AlertEngine engine, long reporting, long retrying, Instant at) {
        return engine.evaluate(Signals.devices(new DeviceCounts(reporting, retrying), minDevices), at);
    }

    @Test
    void theShippedRuleWatchesTheShareOfRetryingDevicesAboveFivePercentWithAtLeastThreeDevices() throws Exception {
        assertThat(rule.signal()).isEqualTo(Signals.DEVICES_RETRYING_SHARE_5M);
        assertThat(rule.threshold()).isEqualTo(0.05);
        assertThat(rule.forDuration()).isZero();
        assertThat(minDevices).isEqualTo(3);
        assertThat(defaultOf("attemptsAbove")).isEqualTo("10");
    }

    @Test
    void oneDeviceWithAStuckChangeDoesNotFireEvenWhenItIsTheOnlyDeviceReporting() {
        AlertEngine engine = new AlertEngine(List.of(rule));

        assertThat(evaluate(engine, 1, 1, T0)).isEmpty();
        assertThat(evaluate(engine, 20, 1, T0.plusSeconds(5))).isEmpty();
        assertThat(engine.active(T0.plusSeconds(5))).isEmpty();
    }

    @Test
    void twoDevicesAloneDoNotFireThoughTheyAreTenPercentOfTwenty() {
        AlertEngine engine = new AlertEngine(List.of(rule));

        assertThat(evaluate(engine, 2, 2, T0)).isEmpty();
        assertThat(evaluate(engine, 20, 2, T0.plusSeconds(5))).isEmpty();
    }

    @Test
    void threeOfTwentyDevicesFireAtOnceWithTheirShareAsTheValue() {
        AlertEngine engine = new AlertEngine(List.of(rule));

        assertThat(evaluate(engine, 20, 3, T0)).extracting(AlertEvent::name, AlertEvent::state, AlertEvent::value)
                .containsExactly(tuple(RULE, AlertEvent.PENDING, 0.15), tuple(RULE, AlertEvent.FIRING, 0.15));
    }

    @Test
    void threeDevicesInALargeFleetAreNotAShareOfIt() {
        AlertEngine engine = new AlertEngine(List.of(rule));

        assertThat(evaluate(engine, 100, 3, T0)).as("3 %").isEmpty();
        assertThat(evaluate(engine, 100, 5, T0.plusSeconds(5))).as("exactly 5 %: not above").isEmpty();
        assertThat(evaluate(engine, 100, 6, T0.plusSeconds(10))).extracting(AlertEvent::state)
                .containsExactly(AlertEvent.PENDING, AlertEvent.FIRING);
    }

    @Test
    void theAlertResolvesWhenTheRetryingDevicesDropBelowTheMinimum() {
        AlertEngine engine = new AlertEngine(List.of(rule));
        evaluate(engine, 20, 3, T0);

        assertThat(evaluate(engine, 20, 2, T0.plusSeconds(5))).extracting(AlertEvent::state)
                .containsExactly(AlertEvent.RESOLVED);
    }

    @Test
    void noSignalReportsTheWorstChangeOfOneDevice() {
        // A rule naming the old signal is refused at start (AlertEvaluator.rules), instead of paging for one device.
        assertThat(Signals.ALL).doesNotContain("change-attempts-max-5m")
                .contains(Signals.DEVICES_REPORTING_5M, Signals.DEVICES_RETRYING_5M, Signals.DEVICES_RETRYING_SHARE_5M);
    }

    @Test
    void theDeviceSignalsComeFromOneCount() {
        var signals = Signals.devices(new DeviceCounts(40, 2), 3);

        assertThat(signals.get(Signals.DEVICES_REPORTING_5M)).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(40));
        assertThat(signals.get(Signals.DEVICES_RETRYING_5M)).singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(2));
        assertThat(signals.get(Signals.DEVICES_RETRYING_SHARE_5M)).singleElement()
                .satisfies(s -> assertThat(s.value()).isZero());
        assertThat(signals.values()).allSatisfy(samples -> assertThat(samples.get(0).labels()).isEmpty());
    }
}
