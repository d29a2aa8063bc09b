package io.syncmesh.gateway.push;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.syncmesh.protocol.ConflictMode;

/**
 * The {@code Prefer} request header (RFC 7240) as the API uses it: {@code wait=N} (seconds, capped at 30) and
 * {@code conflict=reject}. Preferences the gateway does not know, or cannot read, are ignored, as the RFC asks.
 */
public record Preferences(Optional<Duration> waitFor, ConflictMode conflictMode) {

    public static final Duration MAX_WAIT = Duration.ofSeconds(30);

    public static Preferences parse(List<String> headerValues) {
        Duration wait = null;
        ConflictMode mode = ConflictMode.MERGE;
        if (headerValues != null) {
            for (String header : headerValues) {
                for (String preference : header.split(",")) {
                    String[] parts = preference.trim().split("=", 2);
                    String name = parts[0].trim().toLowerCase(Locale.ROOT);
                    String value = parts.length == 2 ? unquote(parts[1].trim()) : "";
                    if (name.equals("wait")) {
                        wait = seconds(value).orElse(wait);
                    } else if (name.equals("conflict") && value.equalsIgnoreCase("reject")) {
                        mode = ConflictMode.REJECT;
                    }
                }
            }
        }
        return new Preferences(Optional.ofNullable(wait), mode);
    }

    /** The Preference-Applied header value for what was honoured, or null. */
    public String applied() {
        StringBuilder applied = new StringBuilder();
        waitFor.ifPresent(wait -> applied.append("wait=").append(wait.toSeconds()));
        if (conflictMode == ConflictMode.REJECT) {
            applied.append(applied.length() > 0 ? ", " : "").append("conflict=reject");
        }
        return applied.length() == 0 ? null : applied.toString();
    }

    private static Optional<Duration> seconds(String value) {
        if (value.isEmpty() || value.length() > 6 || !value.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        Duration wait = Duration.ofSeconds(Long.parseLong(value));
        return Optional.of(wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }
}
