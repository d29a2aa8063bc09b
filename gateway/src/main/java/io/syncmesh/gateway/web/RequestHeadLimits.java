package io.syncmesh.gateway.web;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.syncmesh.protocol.Problem;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.SyncJson;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose path and query, or whose headers, are longer than the gateway reads, with a problem (414,
 * 431) before any resource or authentication runs. The HTTP codec of Vert.x answers such requests itself, with a bare
 * status and no body, and offers Quarkus no hook to change that; so its own limits
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set well above these, and only a
 * request beyond those hard stops still gets the codec's bare answer.
 */
@ApplicationScoped
public class RequestHeadLimits {

    /** The longest path and query read (the codec's default for the whole request line). */
    public static final int MAX_REQUEST_TARGET = 4096;
    /** The most header bytes read, names, values and separators (the codec's default in Quarkus). */
    public static final int MAX_HEADER_BYTES = 20 * 1024;

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_HEADERS).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > MAX_REQUEST_TARGET) {
            refuse(context, Problem.of(ProblemTypes.URI_TOO_LONG, "URI too long", 414,
                    "the path and query are longer than " + MAX_REQUEST_TARGET + " characters"));
        } else if (headerBytes(context.request().headers()) > MAX_HEADER_BYTES) {
            refuse(context, Problem.of(ProblemTypes.HEADERS_TOO_LARGE, "Request header fields too large", 431,
                    "the headers are larger than " + MAX_HEADER_BYTES + " bytes"));
        } else {
            context.next();
        }
    }

    /** The header section's size as sent: each line is the name, ": ", the value and CRLF. */
    static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private static void refuse(RoutingContext context, Problem problem) {
        context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(SyncJson.write(problem));
    }
}
