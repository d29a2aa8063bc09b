package io.syncmesh.sync.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.sync.pull.PullCursor;
import io.syncmesh.sync.pull.PullService;

/** Every error leaves as problem details with a stable type; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(Problems.ProblemException e) {
        return e.toResponse();
    }

    @ServerExceptionMapper
    public Response invalidCursor(PullCursor.InvalidCursorException e) {
        return Problems.response(400, ProblemTypes.INVALID_CURSOR, "Invalid cursor",
                "the cursor was not issued by this service for these collections; pull without a cursor to start over");
    }

    @ServerExceptionMapper
    public Response resync(PullService.ResyncRequiredException e) {
        return Problems.response(410, ProblemTypes.RESYNC_REQUIRED, "Resync required",
                "the cursor is older than the retention horizon; pull without a cursor for a full snapshot");
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String slug = status == 404
                ? ProblemTypes.NOT_FOUND
                : status == 405 || status == 415 || status == 406 || status == 400
                        ? ProblemTypes.INVALID_REQUEST
                        : ProblemTypes.UNAVAILABLE;
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
