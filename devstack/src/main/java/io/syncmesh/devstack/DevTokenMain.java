package io.syncmesh.devstack;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prints a dev JWT signed with the mesh's dev keys (created on first use), e.g. {@code TOKEN=$(… DevTokenMain)}. */
public final class DevTokenMain {

    static final String USAGE = "usage: DevTokenMain [--keys <dir>] [--tenant <id>] [--device <id>] "
            + "[--groups <a,b>] [--issuer <url>] [--ttl <ISO-8601 duration>]\n"
            + "defaults: --keys .mesh/keys --tenant demo --device device-1 --groups device "
            + "--issuer https://syncmesh.dev/dev --ttl PT12H";
    private static final Map<String, String> DEFAULTS = Map.of("keys", ".mesh/keys", "tenant", "demo",
            "device", "device-1", "groups", "device", "issuer", "https://syncmesh.dev/dev", "ttl", "PT12H");

    private DevTokenMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Writes only the token to {@code out}, so that a script can capture it; everything else goes to {@code err}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        Duration ttl;
        try {
            options = parse(args);
            ttl = Duration.parse(options.get("ttl"));
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("--ttl must be positive: " + options.get("ttl"));
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            DevKeys keys = DevKeys.loadOrCreate(Path.of(options.get("keys")));
            Instant now = Instant.now();
            List<String> groups = Arrays.stream(options.get("groups").split(",")).map(String::trim)
                    .filter(g -> !g.isEmpty()).toList();
            String token = DevTokens.builder()
                    .issuer(options.get("issuer"))
                    // DESIGN.md section 3 reads the device from the device claim or sub: both, for either reader.
                    .subject(options.get("device"))
                    .tenant(options.get("tenant"))
                    .device(options.get("device"))
                    .groups(groups.toArray(String[]::new))
                    .issuedAt(now)
                    .expiresAt(now.plus(ttl))
                    .sign(keys);
            out.println(token);
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            err.println("cannot mint a dev token: " + e.getMessage());
            return 1;
        }
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                name = arg.substring(2);
                value = args[++i];
            } else {
                throw new IllegalArgumentException("unknown or incomplete argument: " + arg);
            }
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown argument: --" + name);
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            options.put(name, value.trim());
        }
        return options;
    }
}
