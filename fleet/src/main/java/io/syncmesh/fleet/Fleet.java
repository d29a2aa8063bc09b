package io.syncmesh.fleet;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.client.SyncClient;
import io.syncmesh.client.local.MemoryStore;
import io.syncmesh.protocol.ReceiptStatus;

/**
 * Runs a fleet scenario against a mesh: devices act concurrently for the duration while the faults are injected, then
 * every device comes online and syncs until nothing waits for an outcome, and the {@link Checker} judges the result.
 * Prints progress every 5 seconds.
 */
public final class Fleet {

    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(3);
    private static final Duration RECOVERY_LIMIT = Duration.ofMinutes(3);

    private final FleetSettings settings;
    private final DeviceConnector connector;
    private final PrintStream out;
    private final List<Fault> faults;

    public Fleet(FleetSettings settings, DeviceConnector connector, List<Fault> faults, PrintStream out) {
        this.settings = settings;
        this.connector = connector;
        this.faults = List.copyOf(faults);
        this.out = out;
    }

    public FleetReport run() throws InterruptedException {
        Instant started = Instant.now();
        List<SimulatedDevice> devices = new ArrayList<>();
        for (int i = 0; i < settings.devices(); i++) {
            devices.add(new SimulatedDevice("dev-" + i, connector, settings, settings.seed() * 1_000_003L + i));
        }
        setUpSharedTasks(devices);
        out.printf("[fleet] %d devices on %d shared tasks for %d s (seed %d)%n", devices.size(),
                settings.sharedEntities(), settings.duration().toSeconds(), settings.seed());

        AtomicBoolean running = new AtomicBoolean(true);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(Math.max(2,
                Math.min(8, devices.size() / 5)));
        Random pacing = new Random(settings.seed());
        devices.forEach(device -> schedule(scheduler, device, running, pacing));
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(() -> printProgress(devices, started), 5, 5, TimeUnit.SECONDS);
        List<FaultOutcome> faultOutcomes = injectFaults(started);
        long left = Duration.between(Instant.now(), started.plus(settings.duration())).toMillis();
        if (left > 0) {
            Thread.sleep(left); // the rest of the scenario's duration, while the devices act
        }
        running.set(false);
        scheduler.shutdown();
        scheduler.awaitTermination(1, TimeUnit.MINUTES);
        out.printf("[fleet] writes stop after %d s; syncing every device until nothing is pending%n",
                Duration.between(started, Instant.now()).toSeconds());
        settle(devices);
        progress.shutdownNow();
        return report(devices, started, faultOutcomes);
    }

    private void setUpSharedTasks(List<SimulatedDevice> devices) {
        SimulatedDevice first = devices.get(0);
        first.createShared(settings.sharedEntities());
        awaitSettled(List.of(first));
        devices.forEach(device -> device.client().sync());
    }

    private void schedule(ScheduledExecutorService scheduler, SimulatedDevice device, AtomicBoolean running,
            Random pacing) {
        if (!running.get()) {
            return;
        }
        long think = settings.thinkTime().toMillis();
        long delay;
        synchronized (pacing) {
            delay = think == 0 ? 0 : think / 2 + pacing.nextLong(think + 1);
        }
        scheduler.schedule(() -> {
            try {
                if (running.get()) {
                    device.act();
                }
            } catch (RuntimeException e) {
                out.printf("[fleet] %s: %s%n", device.name(), e.getClass().getSimpleName());
            }
            schedule(scheduler, device, running, pacing);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Injects the faults in order at their times, each followed by a probe until a change goes through again. */
    private List<FaultOutcome> injectFaults(Instant started) throws InterruptedException {
        List<FaultOutcome> outcomes = new ArrayList<>();
        RecoveryProbe probe = new RecoveryProbe(connector);
        for (Fault fault : faults.stream().sorted(java.util.Comparator.comparing(Fault::after)).toList()) {
            long wait = Duration.between(Instant.now(), started.plus(fault.after())).toMillis();
            if (wait > 0) {
                Thread.sleep(wait); // the fault's time in the scenario, not a wait for a condition
            }
            out.printf("[fleet] fault: %s%n", fault.name());
            Instant injected = Instant.now();
            fault.inject().run();
            boolean recovered = probe.roundTrip(injected.plus(RECOVERY_LIMIT));
            Duration recovery = Duration.between(injected, Instant.now());
            out.printf("[fleet] %s: %s after %d ms%n", fault.name(), recovered ? "recovered" : "NOT recovered",
                    recovery.toMillis());
            outcomes.add(new FaultOutcome(fault.name(), recovery, recovered));
        }
        return outcomes;
    }

    private void settle(List<SimulatedDevice> devices) {
        awaitSettled(devices);
        devices.forEach(device -> device.client().sync());
    }

    private void awaitSettled(List<SimulatedDevice> devices) {
        Instant limit = Instant.now().plus(SETTLE_LIMIT);
        int round = 0;
        while (Instant.now().isBefore(limit)) {
            round++;
            boolean settled = true;
            for (SimulatedDevice device : devices) {
                settled &= device.settleOnce();
            }
            if (settled) {
                return;
            }
            if (round % 10 == 0) {
                out.printf("[fleet] settling: %d changes still wait for their outcome%n",
                        devices.stream().mapToInt(d -> d.client().queueLength()).sum());
            }
        }
        out.printf("[fleet] some devices did not settle within %d s%n", SETTLE_LIMIT.toSeconds());
    }

    private void printProgress(List<SimulatedDevice> devices, Instant started) {
        int written = devices.stream().mapToInt(d -> d.journal().written().size()).sum();
        int waiting = devices.stream().mapToInt(d -> d.client().queueLength()).sum();
        long offline = devices.stream().filter(d -> !d.online()).count();
        out.printf("[fleet] %3d s: %d changes written, %d waiting for an outcome, %d of the devices offline%n",
                Duration.between(started, Instant.now()).toSeconds(), written, waiting, offline);
    }

    private FleetReport report(List<SimulatedDevice> devices, Instant started, List<FaultOutcome> faultOutcomes) {
        SyncClient observer = SyncClient.builder().store(new MemoryStore())
                .transport(connector.transportFor("observer")).collections(SimulatedDevice.OWN, SimulatedDevice.SHARED)
                .sendTelemetry(false).build();
        observer.sync();
        List<Checker.DeviceView> views = devices.stream()
                .map(device -> new Checker.DeviceView(device.name(), view(device.client()))).toList();
        List<DeviceJournal> journals = devices.stream().map(SimulatedDevice::journal).toList();
        CheckResult check = Checker.check(journals, views, view(observer));
        int lostAnswers = devices.stream().mapToInt(device -> device.chaos().lostAnswers()).sum();
        int lateReplays = devices.stream().mapToInt(device -> device.chaos().replays()).sum();
        return new FleetReport(settings, Duration.between(started, Instant.now()), check.changes(),
                check.count(ReceiptStatus.APPLIED), check.count(ReceiptStatus.MERGED),
                check.count(ReceiptStatus.CONFLICT), check.count(ReceiptStatus.REJECTED), lostAnswers, lateReplays,
                faultOutcomes, check);
    }

    /** What a device shows: collection to id to fields, deleted entities left out. */
    static Map<String, Map<String, Map<String, JsonNode>>> view(SyncClient client) {
        Map<String, Map<String, Map<String, JsonNode>>> view = new TreeMap<>();
        for (String collection : List.of(SimulatedDevice.OWN, SimulatedDevice.SHARED)) {
            Map<String, Map<String, JsonNode>> entities = new TreeMap<>();
            client.entities(collection).forEach(entity -> entities.put(entity.id(), entity.fields()));
            view.put(collection, entities);
        }
        return view;
    }
}
