package io.syncmesh.gateway.web;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request to an operation that reads a JSON body must say so in its {@code Content-Type}. RESTEasy Reactive matches a
 * request without one to any {@code @Consumes}, so without this check a push with no Content-Type was read as JSON and
 * accepted, while SECURITY.md promises 415 for any body that is not declared {@code application/json}. The 415 is the
 * same problem as for a wrong media type ({@link ProblemMappers#unsupportedMediaType}).
 */
public class JsonBodyRequired {

    @ServerRequestFilter
    public void contentTypeDeclared(ContainerRequestContext request, ResourceInfo resource) {
        if (request.getMediaType() == null && resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(Consumes.class)) {
            throw new NotSupportedException();
        }
    }
}
