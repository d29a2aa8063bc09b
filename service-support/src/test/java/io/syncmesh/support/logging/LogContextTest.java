package io.syncmesh.support.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Topics;

/** The ids of a change in the logging MDC while a context is open, and the MDC as before once it is closed. */
class LogContextTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void idsAreInTheMdcWhileOpenAndGoneAfterClose() {
        try (LogContext ignored = LogContext.open().tenant("t-1").changeId("c-1").entity("notes", "n-1")
                .trace(TRACEPARENT)) {
            assertThat(MDC.getMap()).containsExactlyInAnyOrderEntriesOf(Map.of(LogContext.TENANT, "t-1",
                    LogContext.CHANGE_ID, "c-1", LogContext.COLLECTION, "notes", LogContext.ENTITY_ID, "n-1",
                    LogContext.TRACE_ID, TRACE_ID));
        }
        assertThat(MDC.getMap()).isEmpty();
    }

    @Test
    void closeRestoresTheValuesAnOuterContextHad() {
        MDC.put("unrelated", "kept");
        try (LogContext outer = LogContext.open().tenant("t-outer").changeId("c-outer")) {
            try (LogContext inner = LogContext.open().changeId("c-inner").trace(TRACEPARENT)) {
                assertThat(MDC.get(LogContext.CHANGE_ID)).isEqualTo("c-inner");
                assertThat(MDC.get(LogContext.TENANT)).isEqualTo("t-outer");
                assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo(TRACE_ID);
            }
            assertThat(MDC.get(LogContext.CHANGE_ID)).isEqualTo("c-outer");
            assertThat(MDC.get(LogContext.TENANT)).isEqualTo("t-outer");
            assertThat(MDC.get(LogContext.TRACE_ID)).isNull();
        }
        assertThat(MDC.getMap()).containsExactly(Map.entry("unrelated", "kept"));
    }

    @Test
    void nullIdsAreSkippedAndLeaveWhatTheMdcHeld() {
        MDC.put(LogContext.TENANT, "t-before");
        try (LogContext ignored = LogContext.open().tenant(null).changeId(null).entity(null, null).trace(null)) {
            assertThat(MDC.getMap()).containsExactly(Map.entry(LogContext.TENANT, "t-before"));
        }
        assertThat(MDC.getMap()).containsExactly(Map.entry(LogContext.TENANT, "t-before"));
    }

    @Test
    void anInvalidTraceparentIsIgnored() {
        for (String invalid : List.of("", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")) {
            try (LogContext ignored = LogContext.open().trace(invalid)) {
                assertThat(MDC.get(LogContext.TRACE_ID)).as(invalid).isNull();
            }
        }
    }

    @Test
    void forChangeNamesTheChangeAndItsEntityButNoFieldValue() {
        Change change = new Change("c-7", "notes", "n-7", Op.CREATE, null, Map.of("title", new TextNode("secret")),
                null, 1L, List.of());
        ChangeEnvelope envelope = ChangeEnvelope.fromClient("t-7", "dev-a", Instant.now(), change,
                ConflictMode.MERGE);
        try (LogContext ignored = LogContext.forChange(envelope, TRACEPARENT)) {
            assertThat(MDC.getMap()).containsExactlyInAnyOrderEntriesOf(Map.of(LogContext.TENANT, "t-7",
                    LogContext.CHANGE_ID, "c-7", LogContext.COLLECTION, "notes", LogContext.ENTITY_ID, "n-7",
                    LogContext.TRACE_ID, TRACE_ID));
        }
        assertThat(MDC.getMap()).isEmpty();
    }

    @Test
    void forRecordTakesWellFormedIdsFromTheHeadersAndSkipsTheRest() {
        RecordHeaders good = new RecordHeaders();
        good.add(Topics.HEADER_TENANT, bytes("t-9"));
        good.add(Topics.HEADER_CHANGE_ID, bytes("c-9"));
        good.add(Topics.HEADER_TRACEPARENT, bytes(TRACEPARENT));
        try (LogContext ignored = LogContext.forRecord(good)) {
            assertThat(MDC.getMap()).containsExactlyInAnyOrderEntriesOf(Map.of(LogContext.TENANT, "t-9",
                    LogContext.CHANGE_ID, "c-9", LogContext.TRACE_ID, TRACE_ID));
        }

        RecordHeaders broken = new RecordHeaders();
        broken.add(Topics.HEADER_TENANT, bytes("Jane Doe <jane@example.com>"));
        broken.add(Topics.HEADER_CHANGE_ID, bytes("not an id!"));
        broken.add(Topics.HEADER_TRACEPARENT, bytes("garbage"));
        try (LogContext ignored = LogContext.forRecord(broken)) {
            assertThat(MDC.getMap()).isEmpty();
        }
        try (LogContext ignored = LogContext.forRecord(new RecordHeaders())) {
            assertThat(MDC.getMap()).isEmpty();
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
