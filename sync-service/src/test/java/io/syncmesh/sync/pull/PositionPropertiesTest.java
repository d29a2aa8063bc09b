package io.syncmesh.sync.pull;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Position ordering: unsigned transaction id first, then sequence; max() and isBefore() agree with compareTo. */
class PositionPropertiesTest {

    /** The intended order, spelled out with arbitrary precision. */
    private static final Comparator<Position> REFERENCE = Comparator
            .comparing((Position p) -> new BigInteger(Long.toUnsignedString(p.txid())))
            .thenComparing(Position::seq);

    @Provide
    Arbitrary<Position> positions() {
        // Few distinct values as well as any long, so that ties on txid and on both fields are common.
        Arbitrary<Long> txid = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-2, 2),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L));
        Arbitrary<Long> seq = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(0, 2));
        return Combinators.combine(txid, seq).as(Position::new);
    }

    @Property(tries = 1000)
    void compareToIsTheUnsignedTxidThenSequenceOrder(@ForAll("positions") Position a,
            @ForAll("positions") Position b) {
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(REFERENCE.compare(a, b)));
        assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
        assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
    }

    @Property(tries = 1000)
    void isBeforeAndMaxAgreeWithCompareTo(@ForAll("positions") Position a, @ForAll("positions") Position b) {
        assertThat(a.isBefore(b)).isEqualTo(a.compareTo(b) < 0);
        Position max = a.max(b);
        assertThat(max).isIn(a, b);
        assertThat(max.compareTo(a)).isGreaterThanOrEqualTo(0);
        assertThat(max.compareTo(b)).isGreaterThanOrEqualTo(0);
        assertThat(max).isEqualTo(b.max(a));
        assertThat(max.isBefore(a) || max.isBefore(b)).isFalse();
    }

    @Property(tries = 500)
    void compareToIsTransitive(@ForAll("positions") Position a, @ForAll("positions") Position b,
            @ForAll("positions") Position c) {
        List<Position> sorted = new ArrayList<>(List.of(a, b, c));
        sorted.sort(Comparator.naturalOrder());

        assertThat(sorted.get(0).compareTo(sorted.get(1))).isLessThanOrEqualTo(0);
        assertThat(sorted.get(1).compareTo(sorted.get(2))).isLessThanOrEqualTo(0);
        assertThat(sorted.get(0).compareTo(sorted.get(2))).isLessThanOrEqualTo(0);
        assertThat(sorted).isSortedAccordingTo(REFERENCE);
    }
}
