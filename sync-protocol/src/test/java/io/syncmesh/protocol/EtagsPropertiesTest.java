package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Etags round trips for every version, and never mistakes a long digit string for one. */
class EtagsPropertiesTest {

    @Property
    void theHeaderOfAnyVersionParsesBackToThatVersion(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
        assertThat(Etags.parse(Etags.header(v))).hasValue(v);
    }

    @Property
    void theJsonTagOfAnyVersionParsesBackToThatVersion(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
        assertThat(Etags.parse(Etags.of(v))).hasValue(v);
    }

    @Property
    void theWeakHeaderOfAnyVersionParsesBackToThatVersion(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
        assertThat(Etags.parse("W/" + Etags.header(v))).hasValue(v);
    }

    @Property
    void theHeaderIsTheJsonTagInQuotes(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v) {
        assertThat(Etags.header(v)).isEqualTo("\"" + Etags.of(v) + "\"");
        assertThat(Etags.of(v)).isEqualTo("v" + v);
    }

    @Property
    void moreThanNineteenDigitsParseToEmpty(@ForAll("overlongDigits") String digits) {
        assertThat(Etags.parse("\"v" + digits + "\"")).isEmpty();
    }

    @Property
    void aTagWithAnyNonDigitAfterTheVParsesToEmpty(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long v,
            @ForAll("nonDigits") char intruder) {
        assertThat(Etags.parse("\"v" + v + intruder + "\"")).isEmpty();
    }

    @Provide
    Arbitrary<String> overlongDigits() {
        return Arbitraries.strings().numeric().ofMinLength(20).ofMaxLength(200);
    }

    @Provide
    Arbitrary<Character> nonDigits() {
        return Arbitraries.chars().ascii().filter(c -> c < '0' || c > '9').filter(c -> c != '"')
                .filter(c -> !Character.isWhitespace(c));
    }
}
