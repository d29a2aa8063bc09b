package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written traceparent check accepts exactly what the W3C rule's regular expression accepts. */
class TraceContextPropertiesTest {

    @Property(tries = 5000)
    void theCheckAgreesWithTheRegularExpression(@ForAll("nearlyTraceparents") String candidate) {
        assertThat(TraceContext.isValid(candidate))
                .isEqualTo(TraceContext.TRACEPARENT.matcher(candidate).matches());
    }

    @Property(tries = 500)
    void everyStartedTraceIsValid(@ForAll("nearlyTraceparents") String ignored) {
        assertThat(TraceContext.isValid(TraceContext.continueOrStart(null))).isTrue();
    }

    /** Traceparents built from pieces that are often right and sometimes wrong in one place. */
    @Provide
    Arbitrary<String> nearlyTraceparents() {
        Arbitrary<String> version = Arbitraries.of("00", "00", "00", "01", "0", "000", "0g");
        Arbitrary<String> traceId = Arbitraries.oneOf(hex(32), Arbitraries.just("0".repeat(32)), hex(31), hex(33),
                hex(32).map(String::toUpperCase));
        Arbitrary<String> spanId = Arbitraries.oneOf(hex(16), Arbitraries.just("0".repeat(16)), hex(15), hex(17));
        Arbitrary<String> flags = Arbitraries.oneOf(hex(2), hex(1), hex(3), Arbitraries.of("0z", "--"));
        Arbitrary<String> separator = Arbitraries.of("-", "-", "-", "-", "_", "");
        return Combinators.combine(version, separator, traceId, separator, spanId, separator, flags)
                .as((v, s1, t, s2, p, s3, f) -> v + s1 + t + s2 + p + s3 + f);
    }

    private static Arbitrary<String> hex(int length) {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(length);
    }
}
