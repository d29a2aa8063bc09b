package io.syncmesh.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Runs the devstack for the local mesh until SIGTERM or SIGINT; writes its endpoints to {@code
 *
<dir>
 * /devstack.env}.
 */
public final class DevStackMain {

    static final String DATABASE = "syncmesh";
    static final String ENV_FILE = "devstack.env";
    static final String PID_FILE = "devstack.pid";
    static final String LOCK_FILE = "devstack.lock";

    /** Referenced so that the lock lives as long as the JVM. */
    @SuppressWarnings("unused")
    private static FileLock heldLock;

    private DevStackMain() {
    }

    public static void main(String[] args) {
        logToConsole();
        Path dir;
        try {
            dir = parseDir(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: DevStackMain [--dir <path>]   (default .mesh)");
            System.exit(2);
            return;
        }
        try {
            run(dir.toAbsolutePath());
        } catch (RuntimeException e) {
            // Exit actions stop whatever already started.
            System.err.println("devstack failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Our runtime classpath logs through JBoss LogManager (SLF4J provider from quarkus-core), which must be the JUL
     * manager before anything logs and has no console handler unless given one.
     */
    private static void logToConsole() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s [%3$s] %5$s%6$s%n");
        Logger root = Logger.getLogger("");
        ConsoleHandler console = new ConsoleHandler();
        console.setLevel(Level.INFO);
        console.setFormatter(new SimpleFormatter());
        root.addHandler(console);
        root.setLevel(Level.INFO);
        // Kafka clients log their whole configuration at INFO each time one is created.
        Logger.getLogger("org.apache.kafka").setLevel(Level.WARNING);
    }

    static Path parseDir(String[] args) {
        Path dir = Path.of(".mesh");
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--dir") && i + 1 < args.length) {
                dir = Path.of(args[++i]);
            } else if (args[i].startsWith("--dir=")) {
                dir = Path.of(args[i].substring("--dir=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument: " + args[i]);
            }
        }
        return dir;
    }

    private static void run(Path dir) {
        WorkDirs.create(dir);
        Path pidFile = dir.resolve(PID_FILE);
        lockDir(dir, pidFile);
        DevStack stack = DevStack.startLocal(dir);
        ExitActions.register("stop the devstack", () -> {
            stack.close();
            deleteQuietly(pidFile);
            System.out.println("devstack stopped");
        });
        PostgresDatabase db = stack.postgres().ensureDatabase(DATABASE);
        String env = "KAFKA_BOOTSTRAP_SERVERS=" + stack.bootstrapServers() + "\n"
                + "PG_JDBC_URL=" + db.jdbcUrl() + "\n"
                + "PG_REACTIVE_URL=" + db.reactiveUrl() + "\n"
                + "PG_USER=" + db.username() + "\n"
                + "PG_PASSWORD=" + db.password() + "\n";
        writeAtomically(dir.resolve(ENV_FILE), env);
        writeAtomically(pidFile, ProcessHandle.current().pid() + "\n");
        PrintStream out = System.out;
        out.println("Kafka:      " + stack.kafka().description());
        out.println("PostgreSQL: " + stack.postgres().description() + ", database " + DATABASE);
        // The file has the password; the console (often a log file) does not need it.
        out.print(env.replace("PG_PASSWORD=" + db.password() + "\n",
                "PG_PASSWORD=" + (db.password().isEmpty() ? "" : "(in " + ENV_FILE + ")") + "\n"));
        out.println("endpoints in " + dir.resolve(ENV_FILE));
        out.println("devstack ready");
        out.flush();
        awaitSignal();
    }

    /** Sleeps until the JVM exits: SIGTERM and SIGINT run the exit actions, which stop the stack. */
    private static void awaitSignal() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Two devstacks on one dir would fight over its ports and data. The lock is held until the JVM exits and is
     * released by the OS even after SIGKILL, unlike a pid file, which only serves to tell the user which pid runs.
     */
    private static void lockDir(Path dir, Path pidFile) {
        try {
            FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String pid = Files.isRegularFile(pidFile) ? Files.readString(pidFile).trim() : "unknown";
                throw new IllegalStateException("a devstack already runs on " + dir + " (pid " + pid + ")");
            }
            heldLock = lock;
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock " + dir.resolve(LOCK_FILE) + ": " + e, e);
        }
    }

    /** Readers (scripts polling for the file) never see a half-written file. */
    private static void writeAtomically(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale pid file is detected as such at the next start
        }
    }
}
