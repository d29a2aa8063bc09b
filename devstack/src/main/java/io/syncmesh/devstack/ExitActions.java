package io.syncmesh.devstack;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/** Runs the devstack's cleanup actions when the JVM exits, last registered first, one after the other. */
final class ExitActions {

    private static final Deque<Registration> ACTIONS = new ConcurrentLinkedDeque<>();

    static {
        // One hook that runs actions in order, not one hook per action: JVM hooks run concurrently, and a work dir
        // must not be deleted while the broker writing into it is still stopping.
        Runtime.getRuntime().addShutdownHook(new Thread(ExitActions::runAll, "devstack-exit-actions"));
        // Loaded now, while our class loader is open: in a Quarkus test JVM the hook may run after Quarkus closed it,
        // and the actions must then find every class they use already loaded.
        preload(Processes.class, WorkDirs.class, Postmaster.class, OrphanGuard.class, Registration.class);
    }

    private static void preload(Class<?>... classes) {
        for (Class<?> c : classes) {
            c.getName();
        }
    }

    private ExitActions() {
    }

    /** A registered action; cancel it once the resource was released normally. */
    static final class Registration {

        private final String name;
        private final Runnable action;

        private Registration(String name, Runnable action) {
            this.name = name;
            this.action = action;
        }

        void cancel() {
            ACTIONS.remove(this);
        }
    }

    static Registration register(String name, Runnable action) {
        Registration registration = new Registration(name, action);
        ACTIONS.addFirst(registration);
        return registration;
    }

    static void runAll() {
        Registration next;
        while ((next = ACTIONS.pollFirst()) != null) {
            try {
                next.action.run();
            } catch (RuntimeException | Error e) {
                // Not the logger: at exit its provider may be unable to load the classes it needs.
                System.err.println("devstack exit action '" + next.name + "' failed: " + e);
            }
        }
    }
}
