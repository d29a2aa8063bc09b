package io.syncmesh.sync.pull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;

/**
 * The opaque pull cursor. In the snapshot phase (a pull without cursor) it walks the entity table by key and remembers
 * the horizon the snapshot started at; afterwards it is an incremental position in the change log. Receipts have their
 * own position. The collections the cursor was made for are fingerprinted: it cannot be reused for others.
 */
public record PullCursor(Phase phase, String afterCollection, String afterId, Position entities, Position receipts,
        String fingerprint) {

    /** Where the cursor is. */
    public enum Phase {
        /** Walking the full snapshot; {@code entities} is the horizon the snapshot started at, or null at the start. */
        SNAPSHOT,
        /** Reading the change log after {@code entities}. */
        INCREMENTAL
    }

    private static final String FORMAT = "1";

    /** The cursor of a first pull: the snapshot from its start, and all of the device's receipts. */
    public static PullCursor start(List<String> collections) {
        return new PullCursor(Phase.SNAPSHOT, "", "", null, Position.START, fingerprint(collections));
    }

    /**
     * Fingerprint of a collection list, independent of order and repetition: 96 bits of SHA-256, so that two different
     * lists practically never share one (a 32-bit hash collides for names as short as "or" and "q4").
     */
    public static String fingerprint(List<String> collections) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.join(",", new TreeSet<>(collections)).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public String encode() {
        String raw = String.join("|", FORMAT, phase == Phase.SNAPSHOT ? "S" : "I", afterCollection, afterId,
                entities == null ? "" : Long.toUnsignedString(entities.txid()),
                entities == null ? "" : Long.toString(entities.seq()), Long.toUnsignedString(receipts.txid()),
                Long.toString(receipts.seq()), fingerprint);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor; anything that is not a cursor of this format gives {@link InvalidCursorException}. */
    public static PullCursor decode(String encoded) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|", -1);
            if (parts.length != 9 || !FORMAT.equals(parts[0])) {
                throw new InvalidCursorException();
            }
            Phase phase = switch (parts[1]) {
                case "S" -> Phase.SNAPSHOT;
                case "I" -> Phase.INCREMENTAL;
                default -> throw new InvalidCursorException();
            };
            Position entities = parts[4].isEmpty()
                    ? null
                    : new Position(Long.parseUnsignedLong(parts[4]), Long.parseLong(parts[5]));
            if (entities == null && phase == Phase.INCREMENTAL) {
                throw new InvalidCursorException();
            }
            Position receipts = new Position(Long.parseUnsignedLong(parts[6]), Long.parseLong(parts[7]));
            return new PullCursor(phase, parts[2], parts[3], entities, receipts, parts[8]);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException();
        }
    }

    /** Thrown for a cursor this service did not issue (or issued for other collections). */
    public static final class InvalidCursorException extends RuntimeException {

        public InvalidCursorException() {
            super("not a valid pull cursor", null, false, false);
        }
    }
}
