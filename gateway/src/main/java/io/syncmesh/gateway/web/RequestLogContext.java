package io.syncmesh.gateway.web;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.syncmesh.protocol.Topics;
import io.syncmesh.protocol.TraceContext;
import io.syncmesh.support.logging.LogContext;

/**
 * The ids of an HTTP request in the logging MDC, for every line logged while serving it: the trace id of the caller's
 * {@code traceparent} (or of the trace the gateway starts for a push, see
 * {@link io.syncmesh.gateway.push.RequestTrace}) and the caller's tenant once the token is read. Quarkus keeps the MDC
 * of a request in its own Vert.x context, so these values end with the request and nothing needs to remove them.
 */
public class RequestLogContext {

    /** Only reads a header: a request whose caller sent no trace gets one later, if it produces records at all. */
    @ServerRequestFilter
    public void traceOfTheCaller(HttpHeaders headers) {
        trace(headers.getHeaderString(Topics.HEADER_TRACEPARENT));
    }

    /** Names the request's trace in its log lines; an invalid traceparent is ignored. */
    public static void trace(String traceparent) {
        String traceId = TraceContext.traceId(traceparent);
        if (traceId != null) {
            MDC.put(LogContext.TRACE_ID, traceId);
        }
    }

    /** Names the caller's tenant (from the verified token) in the request's log lines. */
    public static void tenant(String tenant) {
        if (tenant != null) {
            MDC.put(LogContext.TENANT, tenant);
        }
    }
}
