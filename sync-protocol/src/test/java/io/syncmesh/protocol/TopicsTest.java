package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The topics and record headers of DESIGN.md section 4. */
class TopicsTest {

    @Test
    void allHoldsExactlyTheSixTopicsOfTheDesign() {
        assertThat(Topics.ALL).containsExactlyInAnyOrder("sync.changes", "sync.results", "sync.conflicts",
                "sync.telemetry", "sync.alerts", "sync.changes.dlq");
    }

    @Test
    void allHasNoDuplicates() {
        assertThat(Topics.ALL).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void eachNamedTopicIsInAll() {
        assertThat(Topics.ALL).contains(Topics.CHANGES, Topics.RESULTS, Topics.CONFLICTS, Topics.TELEMETRY,
                Topics.ALERTS, Topics.CHANGES_DLQ);
    }

    @Test
    void theDeadLetterTopicIsNamedAfterTheTopicItServes() {
        assertThat(Topics.CHANGES_DLQ).isEqualTo(Topics.CHANGES + ".dlq");
    }

    @Test
    void recordsCarryTraceparentTenantAndChangeIdHeaders() {
        assertThat(Topics.HEADER_TRACEPARENT).isEqualTo("traceparent");
        assertThat(Topics.HEADER_TENANT).isEqualTo("tenant");
        assertThat(Topics.HEADER_CHANGE_ID).isEqualTo("changeId");
    }

    @Test
    void deadLetterHeadersAreDistinct() {
        assertThat(java.util.List.of(Topics.HEADER_DLQ_CODE, Topics.HEADER_DLQ_DETAIL, Topics.HEADER_DLQ_TOPIC,
                Topics.HEADER_DLQ_PARTITION, Topics.HEADER_DLQ_OFFSET)).doesNotHaveDuplicates()
                .allMatch(header -> header.startsWith("dlq-"));
    }

    @Test
    void allCannotBeChanged() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Topics.ALL.add("sync.other"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void everyTopicHasAChannelOfTheSameNameWithDashesForDots() {
        assertThat(java.util.List.of(Channels.CHANGES, Channels.RESULTS, Channels.CONFLICTS, Channels.TELEMETRY,
                Channels.ALERTS, Channels.CHANGES_DLQ))
                .containsExactlyElementsOf(Topics.ALL.stream().map(topic -> topic.replace('.', '-')).toList());
    }
}
