package io.syncmesh.fleet.bench;

/**
 * {@code ./mesh bench [options]}: the performance benchmark (issue 9) on the packaged mesh, which it starts on the
 * devstack. Exits 0 when the run completed (whether or not the targets are met: the table says), 1 when a round failed,
 * 2 on bad options.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            new Bench(options, System.out).run();
            System.exit(0);
        } catch (Exception e) {
            System.err.println("bench: the run failed: " + e);
            System.exit(1);
        }
    }
}
