package io.syncmesh.gateway.web;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.support.web.Problems;

/**
 * Authentication and authorization failures as problem details (the shared mappers of service-support cover the rest).
 */
public class ProblemMappers {

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthorized(RuntimeException e) {
        return Response.fromResponse(Problems.response(Problem.of(ProblemTypes.UNAUTHORIZED, "Unauthorized", 401,
                "a valid bearer token is required"))).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /**
     * A body that is not declared JSON: the wrong media type (refused by RESTEasy while matching) and none at all
     * ({@link JsonBodyRequired}) give the same answer.
     */
    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return Problems.response(Problem.of(ProblemTypes.INVALID_REQUEST, "Unsupported media type", 415,
                "the body must be declared application/json in Content-Type"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.response(Problem.of(ProblemTypes.FORBIDDEN, "Forbidden", 403,
                "the token does not grant this operation"));
    }
}
