package io.syncmesh.fleet.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's command line; every problem names the option. {@code noisyRounds} 0 skips the noisy-neighbour figure.
 */
public record BenchOptions(int changes, int warmup, int rounds, int clients, int batch, int titleChars,
        int ingestChanges, int latencySeconds, List<Integer> pullEntities, int partitions, int noisyRounds,
        int noisyWarmupRounds, int noisyPushes, Path out) {

    /** {@link #partitions} when the devstack's own count of sync.changes partitions is used. */
    public static final int DEVSTACK_PARTITIONS = 0;

    public static final String USAGE = """
            usage: ./mesh bench [--changes 20000] [--warmup 60000] [--rounds 3] [--clients 8] [--batch 100]
                                [--title-chars 256] [--ingest-changes 100000] [--latency-seconds 10]
                                [--pull-entities 10000,100000] [--partitions 6] [--noisy-rounds 4]
                                [--noisy-warmup-rounds 6] [--noisy-pushes 250] [--out target/bench]""";

    public static BenchOptions defaults() {
        // The noisy neighbour as LoadSheddingIT measured it: 4 rounds of 250 quiet pushes alone and 250 beside the
        // flood (a p99 over 1,000 rests on the 10 slowest), after 6 rounds for the JVMs to compile.
        return new BenchOptions(20_000, 60_000, 3, 8, 100, 256, 100_000, 10, List.of(10_000, 100_000),
                DEVSTACK_PARTITIONS, 4, 6, 250, Path.of("target", "bench"));
    }

    public static BenchOptions parse(String... args) {
        BenchOptions o = defaults();
        int changes = o.changes;
        int warmup = o.warmup;
        int rounds = o.rounds;
        int clients = o.clients;
        int batch = o.batch;
        int titleChars = o.titleChars;
        int ingestChanges = o.ingestChanges;
        int latencySeconds = o.latencySeconds;
        List<Integer> pullEntities = o.pullEntities;
        int partitions = o.partitions;
        int noisyRounds = o.noisyRounds;
        int noisyWarmupRounds = o.noisyWarmupRounds;
        int noisyPushes = o.noisyPushes;
        Path out = o.out;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("help");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--changes" -> changes = positive(name, value);
                case "--warmup" -> warmup = atLeastZero(name, value);
                case "--rounds" -> rounds = positive(name, value);
                case "--clients" -> clients = positive(name, value);
                case "--batch" -> batch = positive(name, value);
                case "--title-chars" -> titleChars = positive(name, value);
                case "--ingest-changes" -> ingestChanges = positive(name, value);
                case "--latency-seconds" -> latencySeconds = positive(name, value);
                case "--pull-entities" -> pullEntities = sizes(name, value);
                case "--partitions" -> partitions = positive(name, value);
                case "--noisy-rounds" -> noisyRounds = atLeastZero(name, value);
                case "--noisy-warmup-rounds" -> noisyWarmupRounds = atLeastZero(name, value);
                case "--noisy-pushes" -> noisyPushes = positive(name, value);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (batch > 500) {
            throw new IllegalArgumentException("--batch must be at most 500 (the gateway's limit), not " + batch);
        }
        if (titleChars > 60_000) {
            throw new IllegalArgumentException("--title-chars must be at most 60000 (a field's limit is 64 Ki)");
        }
        return new BenchOptions(changes, warmup, rounds, clients, batch, titleChars, ingestChanges, latencySeconds,
                pullEntities, partitions, noisyRounds, noisyWarmupRounds, noisyPushes, out);
    }

    /** A comma-separated list of tenant sizes; {@code none} measures no pull. */
    private static List<Integer> sizes(String name, String value) {
        if (value.equals("none")) {
            return List.of();
        }
        List<Integer> sizes = new ArrayList<>();
        for (String size : value.split(",")) {
            sizes.add(positive(name, size.trim()));
        }
        return List.copyOf(sizes);
    }

    private static int positive(String name, String value) {
        int parsed = integer(name, value);
        if (parsed < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
        return parsed;
    }

    private static int atLeastZero(String name, String value) {
        int parsed = integer(name, value);
        if (parsed < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
        return parsed;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }
}
