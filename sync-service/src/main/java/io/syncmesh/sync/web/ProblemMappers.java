package io.syncmesh.sync.web;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.support.web.Problems;
import io.syncmesh.sync.pull.PullCursor;
import io.syncmesh.sync.pull.PullService;

/** The sync-service's own errors as problem details (the shared mappers of service-support cover the rest). */
public class ProblemMappers {

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
}
