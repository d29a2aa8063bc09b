package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The fast instant text is the JDK's, both ways, and the JSON mapping does not change with it. */
class IsoInstantPropertiesTest {

    /** The JSR-310 module alone, as the protocol was configured before the fast path. */
    private static final ObjectMapper JDK_MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Property(tries = 3000)
    void formatWritesWhatToStringWrites(@ForAll("instants") Instant instant) {
        assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }

    @Property(tries = 3000)
    void parseReadsBackEveryFormattedInstant(@ForAll("instants") Instant instant) {
        assertThat(IsoInstant.parse(IsoInstant.format(instant))).isEqualTo(instant);
    }

    @Property(tries = 3000)
    void theFastPathAgreesWithTheJdkOnAnyAlmostCanonicalText(@ForAll("almostCanonical") String text) {
        Instant fast = IsoInstant.parseCanonical(text);
        Instant jdk;
        try {
            jdk = Instant.parse(text);
        } catch (DateTimeParseException refused) {
            assertThat(fast).as("the JDK refuses %s", text).isNull();
            return;
        }
        if (fast != null) {
            assertThat(fast).isEqualTo(jdk);
        }
    }

    @Property(tries = 1000)
    void jsonIsTheSameAsTheJsr310ModulesBothWays(@ForAll("instants") Instant instant) throws Exception {
        String jdkJson = JDK_MAPPER.writeValueAsString(instant);

        assertThat(SyncJson.mapper().writeValueAsString(instant)).isEqualTo(jdkJson);
        assertThat(SyncJson.mapper().readValue(jdkJson, Instant.class)).isEqualTo(instant);
    }

    @Example
    void textTheFastPathLeavesAloneStillParsesAsTheJdkParsesIt() throws Exception {
        for (String text : new String[]{"2026-12-02T08:15:30+01:00", "2026-12-02t08:15:30z",
                "+12026-12-02T08:15:30Z", "2026-12-31T23:59:60Z", "2026-12-02T24:00:00Z", "2026-12-02T08:15:30.Z"}) {
            Instant jdk = Instant.parse(text);
            assertThat(IsoInstant.parseCanonical(text)).as(text).isNull();
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(jdk);
            assertThat(SyncJson.mapper().readValue("\"" + text + "\"", Instant.class)).as(text).isEqualTo(jdk);
        }
        assertThat(SyncJson.mapper().readValue("1764663330.5", Instant.class))
                .isEqualTo(Instant.ofEpochSecond(1764663330L, 500_000_000));
    }

    @Example
    void impossibleDatesAreRefusedAsTheJdkRefusesThem() {
        for (String text : new String[]{"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-02T24:00:01Z",
                "2026-12-02T08:15:30.1234567890Z", "2026-12-02 08:15:30Z"}) {
            assertThat(IsoInstant.parseCanonical(text)).as(text).isNull();
            assertThatThrownBy(() -> IsoInstant.parse(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.longs().between(-62_167_219_200L - 86_400, 253_402_300_799L + 86_400),
                Arbitraries.longs().between(1_600_000_000L, 2_000_000_000L));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    /** Canonical-looking text with every field drawn from a little beyond its range, and 0 to 10 fraction digits. */
    @Provide
    Arbitrary<String> almostCanonical() {
        Arbitrary<String> date = Combinators.combine(Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 32))
                .as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
        Arbitrary<String> time = Combinators.combine(Arbitraries.integers().between(0, 24),
                Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 60))
                .as((h, m, s) -> String.format("T%02d:%02d:%02d", h, m, s));
        Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(10)
                .map(digits -> digits.isEmpty() ? "" : "." + digits);
        return Combinators.combine(date, time, fraction).as((d, t, f) -> d + t + f + "Z");
    }
}
