package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void anOddNumberOfRoundsHasTheMiddleOneAsMedianAndKeepsTheRoundsInOrder() {
        Spread spread = Spread.of(List.of(30.0, 10.0, 20.0));

        assertThat(spread.median()).isEqualTo(20.0);
        assertThat(spread.min()).isEqualTo(10.0);
        assertThat(spread.max()).isEqualTo(30.0);
        assertThat(spread.rounds()).containsExactly(30.0, 10.0, 20.0);
    }

    @Test
    void anEvenNumberOfRoundsAveragesTheTwoMiddleOnes() {
        assertThat(Spread.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
    }

    @Test
    void theRatioIsOfTheMedians() {
        assertThat(Spread.of(List.of(5.0, 100.0, 6.0)).ratioTo(Spread.of(List.of(12.0, 1.0, 10.0))))
                .isCloseTo(0.6, within(1e-9));
    }

    @Test
    void noRoundsIsAnError() {
        assertThatThrownBy(() -> Spread.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
