package io.syncmesh.metrics.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.AlertEvent;

/** The state machine of each (rule, label set): pending, firing, resolved, and the order of what it reports. */
class AlertEngineTest {

    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final String LAG = "sync.lag.seconds";
    static final AlertRule LAG_HIGH = new AlertRule("lag-high", LAG, 10, Duration.ofMinutes(5), "warning",
            "Sync lag above 10 s");
    static final Sample P1_ABOVE = Sample.of(12, "partition", "p1");

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static AlertEngine engine(AlertRule... rules) {
        return new AlertEngine(List.of(rules));
    }

    static List<String> states(List<AlertEvent> events) {
        return events.stream().map(AlertEvent::state).toList();
    }

    @Test
    void aValueAboveTheThresholdGoesPendingAndSaysSoInEveryField() {
        AlertEngine engine = engine(LAG_HIGH);

        List<AlertEvent> events = engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);

        assertThat(events).containsExactly(new AlertEvent(AlertEvent.TYPE, AlertEvent.SCHEMA_VERSION, "lag-high",
                Map.of("partition", "p1"), AlertEvent.PENDING, "warning", 12, 10, "Sync lag above 10 s", T0, T0));
    }

    @Test
    void aValueAtTheThresholdIsNotAbove() {
        AlertEngine engine = engine(LAG_HIGH);

        assertThat(engine.evaluate(Signals.of(LAG, Sample.of(10, "partition", "p1")), T0)).isEmpty();
        assertThat(engine.active(T0)).isEmpty();
    }

    @Test
    void pendingFiresOnceItHasLastedForTheDurationAndNotBefore() {
        AlertEngine engine = engine(LAG_HIGH);
        engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);

        assertThat(engine.evaluate(Signals.of(LAG, Sample.of(13, "partition", "p1")), at(299))).isEmpty();
        List<AlertEvent> events = engine.evaluate(Signals.of(LAG, Sample.of(14, "partition", "p1")), at(300));

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertEvent.FIRING);
            assertThat(e.value()).isEqualTo(14);
            assertThat(e.activeSince()).isEqualTo(T0);
            assertThat(e.at()).isEqualTo(at(300));
            assertThat(e.labels()).isEqualTo(Map.of("partition", "p1"));
        });
    }

    @Test
    void aFiringAlertStaysQuietWhileStillAboveButActiveShowsItsLastValue() {
        AlertEngine engine = engine(LAG_HIGH);
        engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);
        engine.evaluate(Signals.of(LAG, P1_ABOVE), at(300));

        assertThat(engine.evaluate(Signals.of(LAG, Sample.of(40, "partition", "p1")), at(360))).isEmpty();

        assertThat(engine.active(at(361))).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo(AlertEvent.FIRING);
            assertThat(e.value()).isEqualTo(40);
            assertThat(e.activeSince()).isEqualTo(T0);
            assertThat(e.at()).isEqualTo(at(361));
        });
    }

    @Test
    void withoutADurationPendingAndFiringComeInTheSameEvaluation() {
        AlertEngine engine = engine(new AlertRule("lag-high", LAG, 10, Duration.ZERO, "critical", "s"));

        List<AlertEvent> events = engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);

        assertThat(events).extracting(AlertEvent::state, AlertEvent::activeSince, AlertEvent::at)
                .containsExactly(tuple(AlertEvent.PENDING, T0, T0), tuple(AlertEvent.FIRING, T0, T0));
    }

    @Test
    void aPendingAlertThatFallsBackIsDroppedSilentlyAndItsTimerStartsOver() {
        AlertEngine engine = engine(LAG_HIGH);
        engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);

        assertThat(engine.evaluate(Signals.of(LAG, Sample.of(3, "partition", "p1")), at(60))).isEmpty();
        assertThat(engine.active(at(60))).isEmpty();

        assertThat(engine.evaluate(Signals.of(LAG, P1_ABOVE), at(120))).extracting(AlertEvent::state,
                AlertEvent::activeSince).containsExactly(tuple(AlertEvent.PENDING, at(120)));
        // Five minutes after the first pending, but only three after the second.
        assertThat(engine.evaluate(Signals.of(LAG, P1_ABOVE), at(300))).isEmpty();
        assertThat(states(engine.evaluate(Signals.of(LAG, P1_ABOVE), at(420)))).containsExactly(AlertEvent.FIRING);
    }

    @Test
    void aPendingLabelSetNoLongerReportedIsDroppedSilently() {
        AlertEngine engine = engine(LAG_HIGH);
        engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);

        assertThat(engine.evaluate(Signals.of(LAG, Sample.of(1, "partition", "p2")), at(60))).isEmpty();
        assertThat(engine.active(at(60))).isEmpty();
    }

    @Test
    void aFiringAlertWhoseValueDropsResolvesWithThatValue() {
        AlertEngine engine = firing(LAG_HIGH);

        List<AlertEvent> events = engine.evaluate(Signals.of(LAG, Sample.of(3, "partition", "p1")), at(400));

        assertThat(events).containsExactly(new AlertEvent(AlertEvent.TYPE, AlertEvent.SCHEMA_VERSION, "lag-high",
                Map.of("partition", "p1"), AlertEvent.RESOLVED, "warning", 3, 10, "Sync lag above 10 s", T0, at(400)));
        assertThat(engine.active(at(400))).isEmpty();
    }

    @Test
    void aFiringLabelSetNoLongerReportedResolvesWithItsLastValue() {
        AlertEngine engine = firing(LAG_HIGH);
        engine.evaluate(Signals.of(LAG, Sample.of(25, "partition", "p1")), at(360));

        List<AlertEvent> events = engine.evaluate(Signals.of(LAG, Sample.of(25, "partition", "p2")), at(420));

        assertThat(events).extracting(AlertEvent::state, AlertEvent::labels, AlertEvent::value, AlertEvent::at)
                .containsExactly(tuple(AlertEvent.RESOLVED, Map.of("partition", "p1"), 25.0, at(420)),
                        tuple(AlertEvent.PENDING, Map.of("partition", "p2"), 25.0, at(420)));
    }

    @Test
    void aMissingSignalResolvesWhatFiresAndDropsWhatIsPending() {
        AlertEngine engine = firing(LAG_HIGH);
        engine.evaluate(Signals.of(LAG, P1_ABOVE, Sample.of(11, "partition", "p2")), at(360));

        List<AlertEvent> events = engine.evaluate(Signals.of("some.other.signal", P1_ABOVE), at(420));

        assertThat(events).extracting(AlertEvent::state, AlertEvent::labels, AlertEvent::value)
                .containsExactly(tuple(AlertEvent.RESOLVED, Map.of("partition", "p1"), 12.0));
        assertThat(engine.active(at(420))).isEmpty();
    }

    @Test
    void anEmptySampleListIsDataWithNoLabelSetsAndResolvesToo() {
        AlertEngine engine = firing(LAG_HIGH);

        assertThat(states(engine.evaluate(Signals.of(LAG), at(400)))).containsExactly(AlertEvent.RESOLVED);
    }

    @Test
    void labelSetsMoveIndependently() {
        AlertEngine engine = engine(LAG_HIGH);
        Sample p2Above = Sample.of(50, "partition", "p2");
        engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);
        engine.evaluate(Signals.of(LAG, P1_ABOVE, p2Above), at(200));

        List<AlertEvent> atFive = engine.evaluate(Signals.of(LAG, P1_ABOVE, p2Above), at(300));
        List<AlertEvent> p2Drops = engine.evaluate(Signals.of(LAG, P1_ABOVE, Sample.of(1, "partition", "p2")),
                at(360));

        assertThat(atFive).extracting(AlertEvent::state, AlertEvent::labels)
                .containsExactly(tuple(AlertEvent.FIRING, Map.of("partition", "p1")));
        assertThat(p2Drops).isEmpty();
        assertThat(engine.active(at(360))).extracting(AlertEvent::state, AlertEvent::labels)
                .containsExactly(tuple(AlertEvent.FIRING, Map.of("partition", "p1")));
    }

    @Test
    void aResolvedAlertCanGoPendingAndFireAgainWithANewActiveSince() {
        AlertEngine engine = firing(LAG_HIGH);
        engine.evaluate(Signals.of(LAG), at(400));

        List<AlertEvent> again = engine.evaluate(Signals.of(LAG, P1_ABOVE), at(500));
        List<AlertEvent> firesAgain = engine.evaluate(Signals.of(LAG, P1_ABOVE), at(800));

        assertThat(again).extracting(AlertEvent::state, AlertEvent::activeSince)
                .containsExactly(tuple(AlertEvent.PENDING, at(500)));
        assertThat(firesAgain).extracting(AlertEvent::state, AlertEvent::activeSince)
                .containsExactly(tuple(AlertEvent.FIRING, at(500)));
    }

    @Test
    void transitionsComeByRuleOrderThenByTheStringFormOfTheLabelSet() {
        // Rule order, not name order; as strings "{partition=10}" < "{partition=9}" < "{}" ('p' < '}').
        AlertRule zeta = new AlertRule("zeta", LAG, 10, Duration.ZERO, "info", "z");
        AlertRule alpha = new AlertRule("alpha", "errors", 0, Duration.ZERO, "info", "a");
        AlertEngine engine = engine(zeta, alpha);
        Map<String, List<Sample>> signals = Signals.none()
                .with("errors", Sample.of(1, "partition", "9"), Sample.of(1, "partition", "10"))
                .with(LAG, Sample.of(11, "partition", "9"), Sample.of(11), Sample.of(11, "partition", "10"))
                .build();

        List<AlertEvent> events = engine.evaluate(signals, T0);

        assertThat(events).extracting(AlertEvent::name, AlertEvent::labels, AlertEvent::state).containsExactly(
                tuple("zeta", Map.of("partition", "10"), AlertEvent.PENDING),
                tuple("zeta", Map.of("partition", "10"), AlertEvent.FIRING),
                tuple("zeta", Map.of("partition", "9"), AlertEvent.PENDING),
                tuple("zeta", Map.of("partition", "9"), AlertEvent.FIRING),
                tuple("zeta", Map.of(), AlertEvent.PENDING), tuple("zeta", Map.of(), AlertEvent.FIRING),
                tuple("alpha", Map.of("partition", "10"), AlertEvent.PENDING),
                tuple("alpha", Map.of("partition", "10"), AlertEvent.FIRING),
                tuple("alpha", Map.of("partition", "9"), AlertEvent.PENDING),
                tuple("alpha", Map.of("partition", "9"), AlertEvent.FIRING));
        assertThat(engine.active(T0)).extracting(AlertEvent::name, AlertEvent::labels).containsExactly(
                tuple("zeta", Map.of("partition", "10")), tuple("zeta", Map.of("partition", "9")),
                tuple("zeta", Map.of()), tuple("alpha", Map.of("partition", "10")),
                tuple("alpha", Map.of("partition", "9")));
    }

    @Test
    void activeListsPendingAndFiringAlertsAtTheGivenTime() {
        AlertEngine engine = engine(LAG_HIGH);
        engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);
        engine.evaluate(Signals.of(LAG, P1_ABOVE, Sample.of(30, "partition", "p2")), at(300));

        assertThat(engine.active(at(301))).extracting(AlertEvent::state, AlertEvent::labels, AlertEvent::value,
                AlertEvent::activeSince, AlertEvent::at).containsExactly(
                        tuple(AlertEvent.FIRING, Map.of("partition", "p1"), 12.0, T0, at(301)),
                        tuple(AlertEvent.PENDING, Map.of("partition", "p2"), 30.0, at(300), at(301)));
    }

    @Test
    void rulesOnOneSignalMoveIndependently() {
        AlertRule warning = new AlertRule("lag-high", LAG, 10, Duration.ZERO, "warning", "w");
        AlertRule critical = new AlertRule("lag-high", LAG, 100, Duration.ZERO, "critical", "c");
        AlertEngine engine = engine(warning, critical);

        assertThat(engine.evaluate(Signals.of(LAG, P1_ABOVE), T0)).extracting(AlertEvent::severity, AlertEvent::state)
                .containsExactly(tuple("warning", AlertEvent.PENDING), tuple("warning", AlertEvent.FIRING));
        assertThat(engine.evaluate(Signals.of(LAG, Sample.of(500, "partition", "p1")), at(60)))
                .extracting(AlertEvent::severity, AlertEvent::state)
                .containsExactly(tuple("critical", AlertEvent.PENDING), tuple("critical", AlertEvent.FIRING));
    }

    @Test
    void eventsCarryTheSampleLabelsAndNothingElse() {
        AlertEngine engine = engine(LAG_HIGH);

        List<AlertEvent> events = engine
                .evaluate(Signals.of(LAG, Sample.of(12, "collection", "notes", "partition", "p1")), T0);

        assertThat(events).singleElement().extracting(AlertEvent::labels)
                .isEqualTo(Map.of("collection", "notes", "partition", "p1"));
    }

    @Test
    void aSignalReportingOneLabelSetTwiceIsRejectedAndChangesNothing() {
        AlertEngine engine = firing(LAG_HIGH);
        Map<String, List<Sample>> twice = Signals.of(LAG, Sample.of(1, "partition", "p1"),
                Sample.of(2, "partition", "p1"));

        assertThatThrownBy(() -> engine.evaluate(twice, at(400))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice").hasMessageContaining("partition=p1");
        assertThat(engine.active(at(400))).extracting(AlertEvent::state).containsExactly(AlertEvent.FIRING);
    }

    @Test
    void rulesMayShareANameButNotANameAndASeverity() {
        AlertRule critical = new AlertRule("lag-high", LAG, 100, Duration.ZERO, "critical", "c");
        AlertRule warningAgain = new AlertRule("lag-high", "other", 1, Duration.ZERO, "warning", "w");

        assertThat(engine(LAG_HIGH, critical).rules()).containsExactly(LAG_HIGH, critical);
        assertThatThrownBy(() -> engine(LAG_HIGH, warningAgain)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lag-high").hasMessageContaining("warning");
    }

    /** An engine with lag-high firing for partition p1 since T0 (fired at T0 + 300 s, value 12). */
    private static AlertEngine firing(AlertRule rule) {
        AlertEngine engine = engine(rule);
        engine.evaluate(Signals.of(LAG, P1_ABOVE), T0);
        assertThat(states(engine.evaluate(Signals.of(LAG, P1_ABOVE), at(300)))).containsExactly(AlertEvent.FIRING);
        return engine;
    }
}
