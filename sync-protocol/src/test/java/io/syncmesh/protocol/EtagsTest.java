package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Entity tags: {@code v16} in JSON, {@code "v16"} in ETag, If-Match and If-None-Match (DESIGN.md section 3). */
class EtagsTest {

    @Test
    void theJsonTagOfAVersionIsVFollowedByTheVersion() {
        assertThat(Etags.of(16)).isEqualTo("v16");
        assertThat(Etags.of(1)).isEqualTo("v1");
    }

    @Test
    void theHeaderTagIsTheJsonTagQuotedAsAStrongTag() {
        assertThat(Etags.header(16)).isEqualTo("\"v16\"");
    }

    @Test
    void aStrongHeaderTagParsesToItsVersion() {
        assertThat(Etags.parse("\"v16\"")).hasValue(16);
    }

    @Test
    void anUnquotedJsonTagParsesToItsVersion() {
        assertThat(Etags.parse("v16")).hasValue(16);
    }

    @ParameterizedTest
    @ValueSource(strings = {"W/\"v16\"", "W/v16", "  W/\"v16\"  "})
    void aWeakTagNamesTheSameVersion(String header) {
        assertThat(Etags.parse(header)).hasValue(16);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(Etags.parse(" \t\"v7\" ")).hasValue(7);
    }

    @Test
    void theLargestVersionRoundTrips() {
        assertThat(Etags.parse(Etags.header(Long.MAX_VALUE))).hasValue(Long.MAX_VALUE);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "*", "v", "\"v\"", "\"\"", "\"", "W/", "W/\"\"", "16", "\"16\"", "V16", "x16",
            "v-1", "v+1", "v1.5", "v16a", "v 16", "\"v16", "v16\"", "\"v1\", \"v2\"", "W/W/\"v1\"", "\"W/v16\"",
            "garbage", "v0x10"})
    void anythingThatIsNoTagOfOursParsesToEmpty(String header) {
        assertThat(Etags.parse(header)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v12345678901234567890", "\"v12345678901234567890\"",
            "W/\"v000000000000000000001\"", "v99999999999999999999999999999999999999"})
    void overlongDigitsParseToEmptyWithoutThrowing(String header) {
        assertThatCode(() -> assertThat(Etags.parse(header)).isEmpty()).doesNotThrowAnyException();
    }

    /** A client's If-Match or If-None-Match beyond the long range is no tag of ours, and never an exception. */
    @ParameterizedTest
    @ValueSource(strings = {"v9223372036854775808", "\"v9999999999999999999\"", "W/\"v9999999999999999999\""})
    void nineteenDigitsBeyondTheLongRangeParseToEmptyInsteadOfThrowing(String header) {
        assertThatCode(() -> assertThat(Etags.parse(header)).isEmpty()).doesNotThrowAnyException();
    }

    /** Only ASCII digits: Unicode digits that Long.parseLong would read are no tag Etags ever produces. */
    @ParameterizedTest
    @ValueSource(strings = {"v\u0661\u0666", "\"v\uff11\uff16\"", "W/\"v\u0967\u096c\""})
    void nonAsciiDigitsAreNoTagOfOurs(String header) {
        assertThat(Etags.parse(header)).isEqualTo(OptionalLong.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", " * ", "\"v16\"", "W/\"v16\"", "\"v3\", \"v16\"", "\"other\", W/\"v16\""})
    void ifNoneMatchHitsTheCurrentVersionByStarOrByAnyTagOfItsList(String header) {
        assertThat(Etags.noneMatchHits(header, 16)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"\"v15\"", "\"v3\", \"v160\"", "\"16\"", "**", "\"*\""})
    void ifNoneMatchMissesWhenNoTagNamesTheCurrentVersion(String header) {
        assertThat(Etags.noneMatchHits(header, 16)).isFalse();
    }
}
