package io.syncmesh.sync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import io.syncmesh.sync.pull.PullCursor.InvalidCursorException;
import io.syncmesh.sync.pull.PullCursor.Phase;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the cursor encoding, of decoding garbage, and of the collection fingerprint. */
class PullCursorPropertiesTest {

    @Provide
    Arbitrary<String> collections() {
        // DESIGN.md 3: [a-z][a-z0-9_]{0,62}
        return Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofLength(1),
                Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_').ofMaxLength(62))
                .as(String::concat);
    }

    @Provide
    Arbitrary<String> entityIds() {
        // DESIGN.md 3: [A-Za-z0-9_-]{1,64}
        return Arbitraries.strings().alpha().numeric().withChars('_', '-').ofMinLength(1).ofMaxLength(64);
    }

    @Provide
    Arbitrary<Position> positions() {
        Arbitrary<Long> any = Arbitraries.longs();
        return Combinators.combine(Arbitraries.oneOf(any, Arbitraries.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE)),
                any).as(Position::new);
    }

    @Provide
    Arbitrary<PullCursor> cursors() {
        Arbitrary<String> afterCollection = Arbitraries.oneOf(Arbitraries.just(""), collections());
        Arbitrary<String> afterId = Arbitraries.oneOf(Arbitraries.just(""), entityIds());
        Arbitrary<String> fingerprint = collections().list().ofMaxSize(5).map(PullCursor::fingerprint);
        Arbitrary<PullCursor> snapshot = Combinators.combine(afterCollection, afterId,
                positions().injectNull(0.3), positions(), fingerprint)
                .as((c, i, e, r, f) -> new PullCursor(Phase.SNAPSHOT, c, i, e, r, f));
        Arbitrary<PullCursor> incremental = Combinators.combine(positions(), positions(), fingerprint)
                .as((e, r, f) -> new PullCursor(Phase.INCREMENTAL, "", "", e, r, f));
        return Arbitraries.oneOf(snapshot, incremental);
    }

    @Property(tries = 1000)
    void decodeGivesBackEveryEncodedCursor(@ForAll("cursors") PullCursor cursor) {
        String encoded = cursor.encode();

        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(PullCursor.decode(encoded)).isEqualTo(cursor);
    }

    @Property(tries = 1000)
    void arbitraryStringsAreInvalidCursors(@ForAll String garbage) {
        assertThatThrownBy(() -> PullCursor.decode(garbage)).isExactlyInstanceOf(InvalidCursorException.class);
    }

    @Property(tries = 1000)
    void base64OfArbitraryTextIsEitherACursorOrInvalidAndNothingElse(
            @ForAll("nineFieldsOrSo") String raw) {
        String encoded = Base64.getUrlEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        try {
            PullCursor decoded = PullCursor.decode(encoded);
            assertThat(raw).startsWith("1|");
            assertThat(decoded.phase() == Phase.INCREMENTAL && decoded.entities() == null).isFalse();
            assertThat(decoded.receipts()).isNotNull();
        } catch (InvalidCursorException expected) {
            // the only failure decode may give
        }
    }

    @Provide
    Arbitrary<String> nineFieldsOrSo() {
        Arbitrary<String> field = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.of("1", "S", "I", "0", "-1"),
                Arbitraries.strings().numeric().ofMaxLength(21), Arbitraries.strings().ofMaxLength(6),
                Arbitraries.longs().map(Long::toUnsignedString));
        return field.list().ofMinSize(7).ofMaxSize(11).map(fields -> String.join("|", fields));
    }

    @Property(tries = 1000)
    void aTruncatedCursorIsNeverTakenForTheOriginal(@ForAll("cursors") PullCursor cursor,
            @ForAll Random random) {
        String encoded = cursor.encode();
        String truncated = encoded.substring(0, random.nextInt(encoded.length()));
        try {
            PullCursor decoded = PullCursor.decode(truncated);
            // Only a cut inside the last field (the fingerprint) still parses; the fingerprint check then refuses it.
            assertThat(decoded.fingerprint()).isNotEqualTo(cursor.fingerprint());
            assertThat(cursor.fingerprint()).startsWith(decoded.fingerprint());
        } catch (InvalidCursorException expected) {
            // the usual outcome
        }
    }

    @Property(tries = 1000)
    void aCursorTextCutBeforeItsFingerprintIsInvalid(@ForAll("cursors") PullCursor cursor, @ForAll Random random) {
        String raw = new String(Base64.getUrlDecoder().decode(cursor.encode()), StandardCharsets.UTF_8);
        String cut = raw.substring(0, random.nextInt(raw.lastIndexOf('|') + 1));
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(cut.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> PullCursor.decode(encoded)).isExactlyInstanceOf(InvalidCursorException.class);
    }

    @Property(tries = 500)
    void aCursorOfAnotherFormatVersionIsInvalid(@ForAll("cursors") PullCursor cursor, @ForAll String version) {
        Assume.that(!version.equals("1") && !version.contains("|"));
        String raw = new String(Base64.getUrlDecoder().decode(cursor.encode()), StandardCharsets.UTF_8);
        String other = version + raw.substring(raw.indexOf('|'));
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(other.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> PullCursor.decode(encoded)).isExactlyInstanceOf(InvalidCursorException.class);
    }

    @Property(tries = 1000)
    void theFingerprintIsIndependentOfOrderAndRepetition(
            @ForAll @Size(max = 6) List<@From("collections") String> names,
            @ForAll @IntRange(min = 0, max = 6) int repeats, @ForAll Random random) {
        List<String> shuffled = new ArrayList<>(names);
        for (int i = 0; i < repeats && !names.isEmpty(); i++) {
            shuffled.add(names.get(random.nextInt(names.size())));
        }
        Collections.shuffle(shuffled, random);

        assertThat(PullCursor.fingerprint(shuffled)).isEqualTo(PullCursor.fingerprint(names));
        assertThat(PullCursor.start(shuffled).fingerprint()).isEqualTo(PullCursor.start(names).fingerprint());
    }
}
