package io.syncmesh.sync.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.syncmesh.sync.pull.PullCursor.InvalidCursorException;
import io.syncmesh.sync.pull.PullCursor.Phase;

/** The opaque pull cursor: what a first pull starts from, its encoding, and what is not a cursor. */
class PullCursorTest {

    private static String encodeRaw(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFirstPullStartsTheSnapshotFromTheBeginningWithAllReceipts() {
        PullCursor start = PullCursor.start(List.of("tasks", "notes"));

        assertThat(start.phase()).isEqualTo(Phase.SNAPSHOT);
        assertThat(start.afterCollection()).isEmpty();
        assertThat(start.afterId()).isEmpty();
        assertThat(start.entities()).isNull();
        assertThat(start.receipts()).isEqualTo(Position.START);
        assertThat(start.fingerprint()).isEqualTo(PullCursor.fingerprint(List.of("notes", "tasks")));
        assertThat(PullCursor.decode(start.encode())).isEqualTo(start);
    }

    @Test
    void anIncrementalCursorWithATxidAboveLongMaxRoundTrips() {
        PullCursor cursor = new PullCursor(Phase.INCREMENTAL, "", "", new Position(-2L, 17),
                new Position(Long.MIN_VALUE, 3), PullCursor.fingerprint(List.of("notes")));

        PullCursor decoded = PullCursor.decode(cursor.encode());

        assertThat(decoded).isEqualTo(cursor);
        assertThat(Long.toUnsignedString(decoded.entities().txid())).isEqualTo("18446744073709551614");
    }

    @Test
    void aSnapshotCursorInTheMiddleOfTheWalkRoundTrips() {
        PullCursor cursor = new PullCursor(Phase.SNAPSHOT, "notes", "29JYBqz9G3S6po1hy", new Position(900, 0),
                new Position(850, 4), "1a2b3c");

        assertThat(PullCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void theEncodingIsUrlSafeWithoutPadding() {
        PullCursor cursor = new PullCursor(Phase.INCREMENTAL, "", "", new Position(-1L, Long.MAX_VALUE),
                new Position(-1L, Long.MIN_VALUE), "ffffffff");

        assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "!!!", "a+b/", "====", "A", "not a cursor", "eyJhbGciOiJIUzI1NiJ9"})
    void stringsThatAreNotCursorsAreInvalid(String garbage) {
        assertThatThrownBy(() -> PullCursor.decode(garbage)).isExactlyInstanceOf(InvalidCursorException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2|S|||||0|0|abc", // another format version
            "|S|||||0|0|abc", "01|S|||||0|0|abc", "1 |S|||||0|0|abc",
            "1|X|||||0|0|abc", // unknown phase
            "1|S||||0|0|abc", // eight fields
            "1|S|||||0|0|abc|", // ten fields
            "1|I|||||0|0|abc", // incremental without its position
            "1|I|||5||0|0|abc", // txid without sequence
            "1|I|||x|1|0|0|abc", "1|I|||5|1|0|y|abc", "1|I|||5|1||0|abc",
            "1|I|||18446744073709551616|1|0|0|abc", // txid beyond 2^64 - 1
            "1|I|||-1|1|0|0|abc", // a txid is never negative
            "1|I|||5|9223372036854775808|0|0|abc" // sequence beyond Long.MAX_VALUE
    })
    void wellFormedBase64OfSomethingElseIsInvalid(String raw) {
        assertThatThrownBy(() -> PullCursor.decode(encodeRaw(raw)))
                .isExactlyInstanceOf(InvalidCursorException.class);
    }

    @Test
    void theStructureAcceptedIsExactlyNineFieldsOfFormatOne() {
        assertThat(PullCursor.decode(encodeRaw("1|I|||5|1|0|0|abc")))
                .isEqualTo(new PullCursor(Phase.INCREMENTAL, "", "", new Position(5, 1), Position.START, "abc"));
    }

    @Test
    void invalidCursorExceptionsCarryNoStackTrace() {
        InvalidCursorException thrown = new InvalidCursorException();

        assertThat(thrown.getStackTrace()).isEmpty();
        assertThat(thrown).hasMessage("not a valid pull cursor");
    }

    @Test
    void theFingerprintIgnoresOrderAndRepetition() {
        String fingerprint = PullCursor.fingerprint(List.of("notes", "tasks", "lists"));

        assertThat(PullCursor.fingerprint(List.of("tasks", "lists", "notes"))).isEqualTo(fingerprint);
        assertThat(PullCursor.fingerprint(List.of("lists", "notes", "notes", "tasks", "lists")))
                .isEqualTo(fingerprint);
    }

    @Test
    void theFingerprintDiffersForDifferentSetsOfCollections() {
        List<List<String>> sets = List.of(List.of(), List.of("notes"), List.of("tasks"), List.of("notes", "tasks"),
                List.of("notes", "tasks", "lists"), List.of("note"), List.of("notes_v2"), List.of("a", "b"),
                List.of("ab"), List.of("a_b"), List.of("orders"), List.of("orders", "notes"));

        assertThat(sets.stream().map(PullCursor::fingerprint).distinct().count()).isEqualTo(sets.size());
    }

    /** Names whose 32-bit String hashes collide ("or"/"q4") still get different fingerprints. */
    @Test
    void theFingerprintTellsCollidingNamesApart() {
        assertThat(PullCursor.fingerprint(List.of("notes", "q4ders")))
                .isNotEqualTo(PullCursor.fingerprint(List.of("notes", "orders")));
    }
}
