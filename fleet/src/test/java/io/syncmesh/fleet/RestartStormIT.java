package io.syncmesh.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

import io.syncmesh.client.transport.HttpSyncTransport;
import io.syncmesh.devstack.KafkaBroker;
import io.syncmesh.devstack.PackagedMesh;

/**
 * Steady load while PostgreSQL is restarted five times and the Kafka broker killed and restarted three times: the
 * consumers must outlive every one of them (no attempt may hang a partition, no consumer may give up), so the checker
 * finds nothing lost, duplicated, reordered or diverged, every change of every device ends in one final outcome before
 * the run settles, and every fault recovers. The report is kept in target/restart-storm-report.txt.
 */
class RestartStormIT {

    private static final Duration DURATION = Duration.ofSeconds(80);

    @Test
    void devicesKeepEveryGuaranteeThroughFiveDatabaseAndThreeBrokerRestarts() throws Exception {
        try (PackagedMesh mesh = PackagedMesh.start(Path.of("target", "restart-storm-mesh"))) {
            String tenant = "storm-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> tokens = new ConcurrentHashMap<>();
            DeviceConnector connector = device -> new HttpSyncTransport(mesh.gatewayUri(),
                    () -> tokens.computeIfAbsent(device, d -> mesh.deviceToken(tenant, d)));
            List<Fault> faults = new ArrayList<>();
            int brokerRestarts = 0;
            int databaseRestarts = 0;
            for (int i = 0; i < 8; i++) {
                Duration after = Duration.ofSeconds(6 + 8L * i);
                // Broker restarts in the 2nd, 5th and 8th slot, PostgreSQL restarts in the five others.
                if (i % 3 == 1) {
                    faults.add(new Fault("kill -9 Kafka broker, restart (" + ++brokerRestarts + ")", after, () -> {
                        KafkaBroker broker = (KafkaBroker) mesh.stack().kafka();
                        broker.kill();
                        broker.restart();
                    }));
                } else {
                    faults.add(new Fault("restart PostgreSQL (" + ++databaseRestarts + ")", after,
                            () -> mesh.stack().postgres().restart()));
                }
            }
            FleetSettings settings = new FleetSettings(30, DURATION, 7, 0.2, 0.3, 5, Duration.ofMillis(300));

            FleetReport report = new Fleet(settings, connector, faults, System.out).run();

            System.out.print(report.render());
            Files.writeString(Path.of("target", "restart-storm-report.txt"), report.render());
            assertThat(report.check().examples()).isEmpty();
            assertThat(report.check().passed()).isTrue();
            assertThat(report.faults()).hasSize(8).allMatch(FaultOutcome::recovered);
            assertThat(report.faults()).filteredOn(f -> f.name().startsWith("restart PostgreSQL")).hasSize(5);
            assertThat(report.changes()).as("the devices did work").isGreaterThan(300);
        }
    }
}
