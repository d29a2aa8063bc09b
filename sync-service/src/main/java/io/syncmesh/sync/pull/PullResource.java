package io.syncmesh.sync.pull;

import java.util.Arrays;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.smallrye.mutiny.Uni;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.protocol.Limits;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.PullPage;
import io.syncmesh.support.web.ProblemException;

/**
 * The read side of pull for the gateway, which passes the tenant and device from the verified token. Not exposed
 * outside the mesh.
 */
@Path("/internal/v1/tenants/{tenant}/pull")
@Produces(MediaType.APPLICATION_JSON)
public class PullResource {

    @Inject
    PullService pulls;

    @GET
    public Uni<PullPage> pull(@PathParam("tenant") String tenant, @QueryParam("device") String device,
            @QueryParam("collections") String collections, @QueryParam("cursor") String cursor,
            @QueryParam("limit") Integer limit) {
        if (!Identifiers.isPrincipal(tenant) || !Identifiers.isPrincipal(device)) {
            throw invalid("tenant and device must be valid principals");
        }
        if (collections == null || collections.isBlank()) {
            throw invalid("collections is required (comma-separated collection names)");
        }
        List<String> names = Arrays.stream(collections.split(",")).map(String::trim).distinct().toList();
        if (!names.stream().allMatch(Identifiers::isCollection)) {
            throw invalid("collections must match [a-z][a-z0-9_]{0,62}");
        }
        int pageSize = limit == null ? Limits.DEFAULT_PULL_LIMIT : limit;
        if (pageSize < 1 || pageSize > Limits.MAX_PULL_LIMIT) {
            throw invalid("limit must be between 1 and " + Limits.MAX_PULL_LIMIT);
        }
        return pulls.pull(tenant, device, names, cursor, pageSize);
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(400, ProblemTypes.INVALID_REQUEST, "Invalid pull request", detail);
    }
}
