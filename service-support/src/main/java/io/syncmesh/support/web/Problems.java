package io.syncmesh.support.web;

import jakarta.ws.rs.core.Response;

import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;

/** Builds RFC 9457 responses and the problems the services answer most. */
public final class Problems {

    private Problems() {
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    public static Response response(int status, String slug, String title, String detail) {
        return response(Problem.of(slug, title, status, detail));
    }

    public static ProblemException invalid(String detail) {
        return new ProblemException(400, ProblemTypes.INVALID_REQUEST, "Invalid request", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(ProblemTypes.NOT_FOUND, "Not found", 404, detail));
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, ProblemTypes.UNAUTHORIZED, "Unauthorized", detail);
    }

    /** 429: the caller's rate limit is spent; retry after the given seconds. */
    public static ProblemException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ProblemException(429, ProblemTypes.TOO_MANY_REQUESTS, "Too many requests", detail)
                .retryAfter(retryAfterSeconds);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, ProblemTypes.UNAVAILABLE, "Service unavailable", detail);
    }
}
