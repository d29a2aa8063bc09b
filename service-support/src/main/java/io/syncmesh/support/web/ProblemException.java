package io.syncmesh.support.web;

import jakarta.ws.rs.core.Response;

import io.syncmesh.protocol.Problem;

/** A client error raised anywhere in a service, answered as problem details. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;
    /** Seconds after which a retry may succeed (429, 503); 0: no Retry-After header. */
    private final long retryAfterSeconds;

    public ProblemException(int status, String slug, String title, String detail) {
        this(Problem.of(slug, title, status, detail));
    }

    public ProblemException(Problem problem) {
        this(problem, 0);
    }

    private ProblemException(Problem problem, long retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The same problem, answered with {@code Retry-After: seconds} (at least 1). */
    public ProblemException retryAfter(long seconds) {
        return new ProblemException(problem, Math.max(1, seconds));
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    public Response toResponse() {
        Response response = Problems.response(problem);
        return retryAfterSeconds == 0
                ? response
                : Response.fromResponse(response).header("Retry-After", Long.toString(retryAfterSeconds)).build();
    }
}
