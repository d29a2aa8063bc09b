package io.syncmesh.client.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffTest {

    @Test
    void theCeilingStartsAtOneSecondAndDoublesUpToFiveMinutes() {
        Backoff backoff = Backoff.defaults(new Random(1));

        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.ceiling(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(backoff.ceiling(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.ceiling(1_000_000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Property(tries = 300)
    void everyDelayLiesBetweenZeroAndTheCeiling(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 1, max = 64) int failures) {
        Backoff backoff = Backoff.defaults(new Random(seed));

        Duration delay = backoff.delayAfter(failures);

        assertThat(delay).isBetween(Duration.ZERO, backoff.ceiling(failures));
        assertThat(backoff.ceiling(failures)).isLessThanOrEqualTo(backoff.ceiling(failures + 1));
    }

    @Test
    void theJitterSpreadsDelaysOverTheWholeRange() {
        Backoff backoff = Backoff.defaults(new Random(42));
        long low = 0;
        long high = 0;
        for (int i = 0; i < 2000; i++) {
            long millis = backoff.delayAfter(4).toMillis(); // ceiling 8 s
            low += millis < 2000 ? 1 : 0;
            high += millis > 6000 ? 1 : 0;
        }
        // Uniform over [0, 8 s]: a quarter below 2 s and a quarter above 6 s, give or take.
        assertThat(low).isBetween(400L, 600L);
        assertThat(high).isBetween(400L, 600L);
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Backoff.defaults(new Random()).ceiling(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
