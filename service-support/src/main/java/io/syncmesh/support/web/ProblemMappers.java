package io.syncmesh.support.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.support.logging.ExceptionOrigin;

/**
 * Every error leaves a service as problem details with a stable type: never a stack trace, never a bare 500. Services
 * add mappers for their own exceptions.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response response = e.toResponse();
        if (e.problem().status() == 401) {
            return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return Problems.response(Problem.of(ProblemTypes.INVALID_REQUEST, "Invalid request", 400,
                "the body is not valid JSON of the expected shape"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.warnf("request failed with %d (%s)", status, e.getClass().getSimpleName());
            return Problems.response(Problem.of(ProblemTypes.UNAVAILABLE, "Service unavailable", 503,
                    "the request could not be served now; try again"));
        }
        String slug = status == 404
                ? ProblemTypes.NOT_FOUND
                : status == 413 ? ProblemTypes.PAYLOAD_TOO_LARGE : ProblemTypes.INVALID_REQUEST;
        return Problems.response(Problem.of(slug, e.getResponse().getStatusInfo().getReasonPhrase(), status,
                "the request was refused (" + status + ")"));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf("unexpected %s while serving a request", ExceptionOrigin.describe(e));
        return Problems.response(Problem.of(ProblemTypes.UNAVAILABLE, "Service unavailable", 503,
                "the request could not be served now; try again"));
    }
}
