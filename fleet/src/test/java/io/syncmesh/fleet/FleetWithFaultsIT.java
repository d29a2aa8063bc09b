package io.syncmesh.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.syncmesh.client.transport.HttpSyncTransport;
import io.syncmesh.devstack.KafkaBroker;
import io.syncmesh.devstack.PackagedMesh;
import io.syncmesh.devstack.QuarkusAppProcess;

/**
 * 50 devices on the packaged mesh for 70 seconds while the sync-service and the conflict-service are killed (SIGKILL)
 * twice each, the Kafka broker once, and PostgreSQL is restarted; the checker must find nothing lost, duplicated,
 * reordered or diverged, and every fault must recover. The report is printed and kept in target/fleet-report.txt.
 */
class FleetWithFaultsIT {

    @Test
    void fiftyDevicesKeepEveryGuaranteeWhileServicesTheBrokerAndTheDatabaseFail() throws Exception {
        try (PackagedMesh mesh = PackagedMesh.start(Path.of("target", "fleet-mesh"))) {
            String tenant = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> tokens = new ConcurrentHashMap<>();
            DeviceConnector connector = device -> new HttpSyncTransport(mesh.gatewayUri(),
                    () -> tokens.computeIfAbsent(device, d -> mesh.deviceToken(tenant, d)));
            List<Fault> faults = List.of(
                    crash("kill -9 sync-service", Duration.ofSeconds(8), mesh.syncService()),
                    crash("kill -9 conflict-service", Duration.ofSeconds(18), mesh.conflictService()),
                    crash("kill -9 sync-service again", Duration.ofSeconds(28), mesh.syncService()),
                    crash("kill -9 conflict-service again", Duration.ofSeconds(38), mesh.conflictService()),
                    new Fault("kill -9 Kafka broker, restart", Duration.ofSeconds(48), () -> {
                        KafkaBroker broker = (KafkaBroker) mesh.stack().kafka();
                        broker.kill();
                        broker.restart();
                    }),
                    new Fault("restart PostgreSQL", Duration.ofSeconds(58), () -> mesh.stack().postgres().restart()));
            FleetSettings settings = new FleetSettings(50, Duration.ofSeconds(70), 42, 0.2, 0.3, 5,
                    Duration.ofMillis(300));

            FleetReport report = new Fleet(settings, connector, faults, System.out).run();

            System.out.print(report.render());
            Files.writeString(Path.of("target", "fleet-report.txt"), report.render());
            assertThat(report.check().examples()).isEmpty();
            assertThat(report.check().passed()).isTrue();
            assertThat(report.faults()).hasSize(6).allMatch(FaultOutcome::recovered);
            assertThat(report.changes()).as("the devices did work").isGreaterThan(500);
            assertThat(report.merged()).as("concurrent edits of shared tasks were merged").isPositive();
            assertThat(report.lostAnswers()).as("devices retried pushes whose answers were lost").isPositive();
            assertThat(report.lateReplays()).as("earlier pushes arrived again after newer ones").isPositive();
        }
    }

    private static Fault crash(String name, Duration after, QuarkusAppProcess service) {
        return new Fault(name, after, () -> {
            service.kill();
            service.start();
        });
    }
}
