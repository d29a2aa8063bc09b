package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The W3C traceparent the mesh carries in record headers, and the trace id logs name it by. */
class TraceContextTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void traceIdIsTheSecondPartOfAValidTraceparent() {
        assertThat(TraceContext.traceId(TRACEPARENT)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void invalidTraceparentHasNoTraceId() {
        assertThat(TraceContext.traceId(null)).isNull();
        assertThat(TraceContext.traceId("")).isNull();
        assertThat(TraceContext.traceId("not a traceparent")).isNull();
        assertThat(TraceContext.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.traceId("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceContext.traceId(TRACEPARENT + " ")).isNull();
    }

    @Test
    void aValidTraceparentIsContinuedAndAnInvalidOneStartsANewTrace() {
        assertThat(TraceContext.continueOrStart(TRACEPARENT)).isEqualTo(TRACEPARENT);
        String started = TraceContext.continueOrStart("garbage");
        assertThat(TraceContext.isValid(started)).isTrue();
        assertThat(TraceContext.traceId(started)).hasSize(32).isNotEqualTo(TraceContext.traceId(TRACEPARENT));
    }
}
