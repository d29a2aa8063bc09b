package io.syncmesh.protocol;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * W3C trace context ({@code traceparent}: version-traceid-parentid-flags) carried in the
 * {@link Topics#HEADER_TRACEPARENT} header of every record a change causes, from the gateway to the sync-service to the
 * conflict-service and back, so that one device request can be followed through the mesh.
 */
public final class TraceContext {

    /** The rule {@link #isValid} checks by hand: every record's header is checked, and the loop costs far less. */
    static final Pattern TRACEPARENT = Pattern
            .compile("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
    private static final int LENGTH = 55;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceContext() {
    }

    /** Whether the value is a version-00 traceparent with non-zero ids. */
    public static boolean isValid(String traceparent) {
        return traceparent != null && traceparent.length() == LENGTH && traceparent.startsWith("00-")
                && traceparent.charAt(35) == '-' && traceparent.charAt(52) == '-'
                && isNonZeroHex(traceparent, 3, 35) && isNonZeroHex(traceparent, 36, 52)
                && isHex(traceparent, 53, LENGTH);
    }

    /** Lower-case hex digits from {@code from} to {@code to}, not all zero (an all-zero id is invalid). */
    private static boolean isNonZeroHex(String text, int from, int to) {
        boolean nonZero = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!isHexDigit(c)) {
                return false;
            }
            nonZero |= c != '0';
        }
        return nonZero;
    }

    private static boolean isHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isHexDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    /** The trace id (32 hex digits) of a valid traceparent, else null: what logs name a trace by. */
    public static String traceId(String traceparent) {
        return isValid(traceparent) ? traceparent.substring(3, 35) : null;
    }

    /** The caller's trace context when it sent a valid one, else a new trace (sampled). */
    public static String continueOrStart(String traceparent) {
        if (isValid(traceparent)) {
            return traceparent;
        }
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        RANDOM.nextBytes(traceId);
        RANDOM.nextBytes(spanId);
        traceId[0] |= 1; // never all zeros
        spanId[0] |= 1;
        HexFormat hex = HexFormat.of();
        return "00-" + hex.formatHex(traceId) + "-" + hex.formatHex(spanId) + "-01";
    }
}
