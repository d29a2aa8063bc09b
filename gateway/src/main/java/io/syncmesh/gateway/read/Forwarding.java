package io.syncmesh.gateway.read;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.syncmesh.support.web.Problems;

/**
 * Relays an answer of a service behind the gateway (sync-service, conflict-service): status, body, content type and
 * ETag as they are (problem details included); an unreachable or failing service becomes a 503 problem, never a 5xx
 * with a stack trace.
 */
@ApplicationScoped
public class Forwarding {

    private static final Logger LOG = Logger.getLogger(Forwarding.class);

    public Uni<Response> relay(Uni<Response> call) {
        return call.map(Forwarding::copy)
                .onFailure().transform(failure -> {
                    LOG.warnf("upstream call failed (%s)", failure.getClass().getSimpleName());
                    return Problems.unavailable("the service behind the gateway is unavailable now; try again");
                });
    }

    private static Response copy(Response upstream) {
        if (upstream.getStatus() >= 500) {
            throw Problems.unavailable("the service behind the gateway is unavailable now; try again");
        }
        Response.ResponseBuilder copy = Response.status(upstream.getStatus());
        String etag = upstream.getHeaderString(HttpHeaders.ETAG);
        if (etag != null) {
            copy.header(HttpHeaders.ETAG, etag);
        }
        if (upstream.hasEntity() && upstream.getStatus() != 304) {
            copy.entity(upstream.readEntity(String.class)).type(upstream.getMediaType());
        }
        return copy.build();
    }
}
