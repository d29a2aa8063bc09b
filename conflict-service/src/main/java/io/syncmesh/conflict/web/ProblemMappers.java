package io.syncmesh.conflict.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.syncmesh.protocol.ProblemTypes;

/** Every error leaves as problem details with a stable type; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(Problems.ProblemException e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String slug = status == 404
                ? ProblemTypes.NOT_FOUND
                : status < 500 ? ProblemTypes.INVALID_REQUEST : ProblemTypes.UNAVAILABLE;
        return Problems.response(status, slug, e.getResponse().getStatusInfo().getReasonPhrase(),
                "the request was refused (" + status + ")");
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf("unexpected %s while serving a request", e.getClass().getName());
        return Problems.response(503, ProblemTypes.UNAVAILABLE, "Service unavailable",
                "the request could not be served now; try again");
    }
}
