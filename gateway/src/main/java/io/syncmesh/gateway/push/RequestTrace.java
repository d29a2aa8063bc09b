package io.syncmesh.gateway.push;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.syncmesh.gateway.web.RequestLogContext;
import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.TraceContext;

/**
 * The trace context of the current request: the caller's {@code traceparent} when it sent a valid one, else a new
 * trace. Every record the request causes carries it, and so do the request's log lines.
 */
@RequestScoped
public class RequestTrace {

    @Inject
    CurrentVertxRequest request;

    private String traceparent;

    public String traceparent() {
        if (traceparent == null) {
            String sent = request.getCurrent() == null
                    ? null
                    : request.getCurrent().request().getHeader(Topics.HEADER_TRACEPARENT);
            traceparent = TraceContext.continueOrStart(sent);
            RequestLogContext.trace(traceparent);
        }
        return traceparent;
    }
}
