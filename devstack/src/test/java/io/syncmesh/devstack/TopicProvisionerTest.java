package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.syncmesh.protocol.Topics;

/** The partition counts the devstack's topics are created with, and how a setting changes them. */
class TopicProvisionerTest {

    @Test
    void withoutASettingTheDefaultsApply() {
        TopicProvisioner provisioner = TopicProvisioner.withPartitions(new TopicProvisioner(), "");

        assertThat(provisioner.partitionsOf(Topics.CHANGES))
                .isEqualTo(TopicProvisioner.defaultPartitions().get(Topics.CHANGES));
    }

    @Test
    void aSettingChangesTheNamedTopicsOnly() {
        TopicProvisioner provisioner = TopicProvisioner.withPartitions(new TopicProvisioner(),
                Topics.CHANGES + "=12, " + Topics.RESULTS + "=1");

        assertThat(provisioner.partitionsOf(Topics.CHANGES)).isEqualTo(12);
        assertThat(provisioner.partitionsOf(Topics.RESULTS)).isEqualTo(1);
        assertThat(provisioner.partitionsOf(Topics.CONFLICTS))
                .isEqualTo(TopicProvisioner.defaultPartitions().get(Topics.CONFLICTS));
    }

    @Test
    void aBrokenSettingNamesThePropertyAndThePair() {
        assertThatThrownBy(() -> TopicProvisioner.withPartitions(new TopicProvisioner(), Topics.CHANGES + "=many"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(TopicProvisioner.PARTITIONS_PROPERTY).hasMessageContaining("=many");
        assertThatThrownBy(() -> TopicProvisioner.withPartitions(new TopicProvisioner(), "no.such.topic=3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no.such.topic=3");
        assertThatThrownBy(() -> TopicProvisioner.withPartitions(new TopicProvisioner(), Topics.CHANGES + "=0"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
