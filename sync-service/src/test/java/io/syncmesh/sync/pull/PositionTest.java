package io.syncmesh.sync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Pull reads rows in (transaction id, sequence) order; transaction ids are unsigned 64-bit (PostgreSQL xid8). */
class PositionTest {

    private static final long ABOVE_LONG_MAX = Long.MIN_VALUE; // 2^63 as unsigned

    @Test
    void transactionIdOrdersFirstThenSequence() {
        assertThat(new Position(5, 1000).isBefore(new Position(6, 0))).isTrue();
        assertThat(new Position(6, 1).isBefore(new Position(6, 2))).isTrue();
        assertThat(new Position(6, 2).isBefore(new Position(6, 1))).isFalse();
    }

    @Test
    void transactionIdsAboveLongMaxSortAfterEveryLowerOneAsUnsigned() {
        Position high = new Position(ABOVE_LONG_MAX, 0);
        Position highest = new Position(-1L, 0); // 2^64 - 1

        assertThat(new Position(Long.MAX_VALUE, Long.MAX_VALUE).isBefore(high)).isTrue();
        assertThat(high.isBefore(highest)).isTrue();
        assertThat(high.compareTo(new Position(1, 0))).isPositive();
        assertThat(highest.max(new Position(Long.MAX_VALUE, 9))).isEqualTo(highest);
    }

    @Test
    void startIsBeforeEveryPositionWithAPositiveSequence() {
        assertThat(Position.START).isEqualTo(new Position(0, 0));
        assertThat(Position.START.isBefore(new Position(0, 1))).isTrue();
        assertThat(Position.START.isBefore(new Position(-1L, 1))).isTrue();
    }

    @Test
    void horizonIsTheFirstPositionOfItsTransactionAndAfterEveryEarlierTransaction() {
        assertThat(Position.horizon(42)).isEqualTo(new Position(42, 0));
        assertThat(new Position(41, Long.MAX_VALUE).isBefore(Position.horizon(42))).isTrue();
        assertThat(Position.horizon(42).isBefore(new Position(42, 1))).isTrue();
    }

    @Test
    void maxGivesTheLaterPositionAndEitherOfTwoEqualOnes() {
        Position a = new Position(7, 3);
        Position b = new Position(7, 4);

        assertThat(a.max(b)).isSameAs(b);
        assertThat(b.max(a)).isSameAs(b);
        assertThat(a.max(new Position(7, 3))).isEqualTo(a);
        assertThat(a.isBefore(new Position(7, 3))).isFalse();
    }
}
