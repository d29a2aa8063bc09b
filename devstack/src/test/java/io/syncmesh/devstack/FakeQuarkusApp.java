package io.syncmesh.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a packaged Quarkus app: serves {@code /q/health/ready} on {@code QUARKUS_HTTP_PORT}, or only on
 * {@code QUARKUS_MANAGEMENT_PORT} when that is set (as an app with a management interface does), steered by
 * {@code FAKE_*} environment entries. One class without nested classes, so its jar holds a single class file.
 */
public final class FakeQuarkusApp implements HttpHandler, Runnable {

    static final String GRACEFUL = "fake app: shutdown hook ran";

    private final long readyAtMillis;
    private final boolean hang;
    private final boolean servesHealth;

    private FakeQuarkusApp(long readyAtMillis, boolean hang, boolean servesHealth) {
        this.readyAtMillis = readyAtMillis;
        this.hang = hang;
        this.servesHealth = servesHealth;
    }

    /** Writes dir/fake-app/target/quarkus-app/quarkus-run.jar, laid out like a packaged module. */
    static Path packageInto(Path dir) throws IOException {
        Path jar = dir.resolve("fake-app/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeQuarkusApp.class.getName());
        String entry = FakeQuarkusApp.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                InputStream classFile = FakeQuarkusApp.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    public static void main(String[] args) throws IOException {
        for (int i = 1; i <= intEnv("FAKE_PRINT_LINES", 0); i++) {
            System.out.println("fake line " + i);
        }
        if (System.getenv("FAKE_EXIT_CODE") != null) {
            System.exit(intEnv("FAKE_EXIT_CODE", 0));
        }
        boolean hangOnTerm = System.getenv("FAKE_HANG_ON_TERM") != null;
        Runtime.getRuntime().addShutdownHook(new Thread(new FakeQuarkusApp(0, hangOnTerm, false)));
        long readyAt = System.currentTimeMillis() + intEnv("FAKE_READY_AFTER_MS", 0);
        int port = intEnv("QUARKUS_HTTP_PORT", 8080);
        int managementPort = intEnv("QUARKUS_MANAGEMENT_PORT", 0);
        serve(port, new FakeQuarkusApp(readyAt, false, managementPort == 0));
        System.out.println("fake app listening on " + port);
        if (managementPort > 0) {
            serve(managementPort, new FakeQuarkusApp(readyAt, false, true));
            System.out.println("fake app management interface on " + managementPort);
        }
    }

    private static void serve(int port, FakeQuarkusApp handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", handler);
        server.start();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int status = 200;
        String body = "";
        if (path.equals("/q/health/ready") && servesHealth) {
            status = System.currentTimeMillis() >= readyAtMillis ? 200 : 503;
        } else if (path.startsWith("/env/")) {
            body = System.getenv(path.substring("/env/".length()));
            status = body == null ? 404 : 200;
        } else if (path.equals("/jvm-args")) {
            body = String.join("\n", ManagementFactory.getRuntimeMXBean().getInputArguments());
        } else {
            status = 404;
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The shutdown hook: says it ran (a graceful stop), or never returns (an app that does not stop on SIGTERM). */
    @Override
    public void run() {
        System.out.println(GRACEFUL);
        while (hang) {
            LockSupport.park();
        }
    }

    private static int intEnv(String name, int otherwise) {
        String value = System.getenv(name);
        return value == null ? otherwise : Integer.parseInt(value.trim());
    }
}
