package io.syncmesh.protocol;

/** Stable problem type URIs; clients dispatch on them, so they never change once published. */
public final class ProblemTypes {

    public static final String BASE = "https://syncmesh.dev/problems/";

    public static final String RESYNC_REQUIRED = "resync-required";
    public static final String INVALID_CURSOR = "invalid-cursor";
    public static final String INVALID_REQUEST = "invalid-request";
    public static final String NOT_FOUND = "not-found";
    public static final String PRECONDITION_REQUIRED = "precondition-required";
    public static final String PRECONDITION_FAILED = "precondition-failed";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String UNAVAILABLE = "unavailable";
    public static final String TOO_MANY_REQUESTS = "too-many-requests";
    public static final String CONFLICT = "conflict";
    public static final String GONE = "gone";
    public static final String UNPROCESSABLE = "unprocessable";
    /** A conflict item that is no longer open (resolved or dismissed). */
    public static final String CONFLICT_CLOSED = "conflict-closed";
    /** A resolution that does not decide every conflicting field, or decides what it may not. */
    public static final String INVALID_RESOLUTION = "invalid-resolution";

    /** 414: the request line (method, path and query) is longer than the gateway reads. */
    public static final String URI_TOO_LONG = "uri-too-long";
    /** 431: the request's header section, or one header, is larger than the gateway reads. */
    public static final String HEADERS_TOO_LARGE = "request-header-fields-too-large";

    private ProblemTypes() {
    }

    public static String uri(String slug) {
        return BASE + slug;
    }
}
