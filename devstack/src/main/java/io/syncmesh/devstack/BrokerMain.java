package io.syncmesh.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Main class of the broker JVM: runs {@code kafka.Kafka} and exits when the JVM that started it is gone. */
public final class BrokerMain {

    // This class runs on the broker's classpath, where none of the devstack's dependencies are: JDK classes only.

    private static final long HALT_AFTER_SECONDS = 30;

    private BrokerMain() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watchdog = new Thread(BrokerMain::exitWhenParentIsGone, "devstack-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        Method kafkaMain = Class.forName("kafka.Kafka").getMethod("main", String[].class);
        try {
            kafkaMain.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The parent holds the write end of our stdin pipe; the OS closes it when the parent dies in any way, even by
     * SIGKILL, when no shutdown hook of the parent runs. End of input therefore means: nobody owns this broker.
     */
    private static void exitWhenParentIsGone() {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // the parent never writes; keep reading until the pipe closes
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as end of input
        }
        Thread halter = new Thread(() -> {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(HALT_AFTER_SECONDS));
            Runtime.getRuntime().halt(1);
        }, "devstack-halt");
        halter.setDaemon(true);
        halter.start();
        // System.exit runs Kafka's shutdown hook (a clean shutdown); the halter ends a shutdown that hangs.
        System.exit(0);
    }
}
