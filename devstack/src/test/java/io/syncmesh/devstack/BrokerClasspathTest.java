package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

class BrokerClasspathTest {

    @Test
    void brokerJarOnTheClasspathFileHasTheVersionOfTheKafkaClientsTheServicesUse() {
        assertThat(BrokerClasspath.kafkaVersion()).isEqualTo(AppInfoParser.getVersion());
    }

    @Test
    void everyBrokerJarExistsAndTheBrokerHasAnSlf4jProviderForLog4j2() {
        assertThat(BrokerClasspath.brokerJars()).allSatisfy(jar -> assertThat(Files.isRegularFile(Path.of(jar)))
                .as(jar).isTrue());
        assertThat(BrokerClasspath.brokerJars()).anySatisfy(jar -> assertThat(jar).contains("log4j-slf4j2-impl"));
    }
}
