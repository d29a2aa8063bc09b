package io.syncmesh.conflict.web;

import jakarta.ws.rs.core.Response;

import io.syncmesh.protocol.Problem;

/** Builds RFC 9457 responses. */
public final class Problems {

    private Problems() {
    }

    public static Response response(int status, String slug, String title, String detail) {
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(slug, title, status, detail))
                .build();
    }

    /** Thrown by resources for a client error; mapped to a problem response. */
    public static final class ProblemException extends RuntimeException {

        private final int status;
        private final String slug;
        private final String title;

        public ProblemException(int status, String slug, String title, String detail) {
            super(detail, null, false, false);
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public Response toResponse() {
            return response(status, slug, title, getMessage());
        }
    }
}
