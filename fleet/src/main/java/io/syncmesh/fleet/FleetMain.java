package io.syncmesh.fleet;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.syncmesh.client.transport.HttpSyncTransport;
import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevTokens;

/**
 * {@code ./mesh fleet [options]}: runs a fleet scenario against a running mesh ({@code ./mesh up}), with device tokens
 * signed by the mesh's development key. Exits 0 when the checker passes, 1 when it does not, 2 on bad options.
 */
public final class FleetMain {

    static final String USAGE = """
            usage: ./mesh fleet [--devices N] [--duration 30s] [--seed N] [--offline-ratio 0.2]
                                [--conflict-ratio 0.3] [--shared-entities 5] [--think-time 200ms]
                                [--gateway http://127.0.0.1:8080] [--keys .mesh/keys]
                                [--issuer https://syncmesh.dev/dev] [--tenant fleet-<random>]""";

    private FleetMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("fleet: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        DevKeys keys = DevKeys.loadOrCreate(options.keys);
        DeviceConnector connector = device -> {
            String token = DevTokens.builder().issuer(options.issuer).tenant(options.tenant).device(device)
                    .groups("device").expiresAt(java.time.Instant.now().plus(Duration.ofHours(12))).sign(keys);
            return new HttpSyncTransport(options.gateway, () -> token);
        };
        System.out.printf("[fleet] tenant %s on %s%n", options.tenant, options.gateway);
        FleetReport report = new Fleet(options.settings, connector, List.of(), System.out).run();
        System.out.print(report.render());
        System.exit(report.check().passed() ? 0 : 1);
    }

    /** The command line, parsed; every problem is reported with the option's name. */
    record Options(FleetSettings settings, URI gateway, Path keys, String issuer, String tenant) {

        static Options parse(String[] args) {
            FleetSettings defaults = FleetSettings.defaults();
            int devices = defaults.devices();
            Duration duration = defaults.duration();
            long seed = defaults.seed();
            double offline = defaults.offlineRatio();
            double conflict = defaults.conflictRatio();
            int shared = defaults.sharedEntities();
            Duration think = defaults.thinkTime();
            URI gateway = URI.create("http://127.0.0.1:8080");
            Path keys = Path.of(".mesh", "keys");
            String issuer = "https://syncmesh.dev/dev";
            String tenant = "fleet-" + UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    throw new IllegalArgumentException("help");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                try {
                    switch (name) {
                        case "--devices" -> devices = Integer.parseInt(value);
                        case "--duration" -> duration = duration(value);
                        case "--seed" -> seed = Long.parseLong(value);
                        case "--offline-ratio" -> offline = Double.parseDouble(value);
                        case "--conflict-ratio" -> conflict = Double.parseDouble(value);
                        case "--shared-entities" -> shared = Integer.parseInt(value);
                        case "--think-time" -> think = duration(value);
                        case "--gateway" -> gateway = URI.create(value);
                        case "--keys" -> keys = Path.of(value);
                        case "--issuer" -> issuer = value;
                        case "--tenant" -> tenant = value;
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                } catch (NumberFormatException | DateTimeParseException e) {
                    throw new IllegalArgumentException(name + ": not a valid value: " + value);
                }
            }
            return new Options(new FleetSettings(devices, duration, seed, offline, conflict, shared, think), gateway,
                    keys, issuer, tenant);
        }

        /** {@code 30s}, {@code 2m}, {@code 500ms} or ISO-8601 ({@code PT30S}). */
        static Duration duration(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
            }
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
    }
}
