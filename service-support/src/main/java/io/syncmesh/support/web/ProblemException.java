package io.syncmesh.support.web;

import jakarta.ws.rs.core.Response;

import io.syncmesh.protocol.Problem;

/** A client error raised anywhere in a service, answered as problem details. */
public final class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String slug, String title, String detail) {
        this(Problem.of(slug, title, status, detail));
    }

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public Response toResponse() {
        return Problems.response(problem);
    }
}
