package io.syncmesh.devstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A JVM that starts an app with {@link QuarkusAppProcess} and then waits (to be SIGKILLed) or exits at once: args are
 * the jar, the app's log file, and {@code wait} or {@code exit}.
 */
public final class AppParentMain {

    private AppParentMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        QuarkusAppProcess app = QuarkusAppProcess.builder(Path.of(args[0])).logFile(Path.of(args[1])).build();
        app.start();
        System.out.println("app pid " + app.pid());
        System.out.flush();
        if (args[2].equals("exit")) {
            // No stop() on purpose: the exit actions must stop the app.
            System.exit(0);
        }
        new CountDownLatch(1).await();
    }
}
