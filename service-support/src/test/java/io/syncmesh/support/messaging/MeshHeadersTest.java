package io.syncmesh.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.Topics;

class MeshHeadersTest {

    @Test
    void theHeadersOfAChangeReadBackAsWritten() {
        RecordHeaders headers = MeshHeaders.of("t1", "c-1", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        assertThat(MeshHeaders.text(headers, Topics.HEADER_TENANT)).isEqualTo("t1");
        assertThat(MeshHeaders.text(headers, Topics.HEADER_CHANGE_ID)).isEqualTo("c-1");
        assertThat(MeshHeaders.text(headers, Topics.HEADER_TRACEPARENT))
                .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    @Test
    void noTraceContextMeansNoTraceparentHeader() {
        RecordHeaders headers = MeshHeaders.of("t1", "c-1", null);

        assertThat(headers.lastHeader(Topics.HEADER_TRACEPARENT)).isNull();
        assertThat(MeshHeaders.text(headers, Topics.HEADER_TRACEPARENT)).isNull();
    }

    @Test
    void aMissingHeaderOrNoHeadersAtAllReadAsNull() {
        assertThat(MeshHeaders.text(new RecordHeaders(), Topics.HEADER_TENANT)).isNull();
        assertThat(MeshHeaders.text(null, Topics.HEADER_TENANT)).isNull();
    }
}
