package io.syncmesh.protocol;

import java.util.OptionalLong;

/** Entity tags: {@code v16} in JSON bodies, {@code "v16"} in the ETag, If-Match and If-None-Match headers. */
public final class Etags {

    private Etags() {
    }

    /** The entity tag of a version, as carried in JSON. */
    public static String of(long version) {
        return "v" + version;
    }

    /** The entity tag of a version, as an HTTP header value (a strong, quoted tag). */
    public static String header(long version) {
        return "\"" + of(version) + "\"";
    }

    /**
     * Whether an {@code If-None-Match} value matches the current version (RFC 9110 13.1.2): {@code *} matches any
     * current representation; otherwise it is a list of entity tags, compared weakly. Tags that are not ours match
     * nothing.
     */
    public static boolean noneMatchHits(String ifNoneMatch, long currentVersion) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        for (String tag : ifNoneMatch.split(",")) {
            OptionalLong version = parse(tag);
            if (version.isPresent() && version.getAsLong() == currentVersion) {
                return true;
            }
        }
        return false;
    }

    /**
     * The version named by a header value ({@code "v16"}, {@code W/"v16"} or {@code v16}); empty when it is no tag of
     * ours.
     */
    public static OptionalLong parse(String headerValue) {
        if (headerValue == null) {
            return OptionalLong.empty();
        }
        String tag = headerValue.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        if (tag.length() < 2 || tag.charAt(0) != 'v' || tag.length() > 20) {
            return OptionalLong.empty();
        }
        for (int i = 1; i < tag.length(); i++) {
            char c = tag.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(tag.substring(1)));
        } catch (NumberFormatException beyondLongRange) {
            return OptionalLong.empty();
        }
    }
}
