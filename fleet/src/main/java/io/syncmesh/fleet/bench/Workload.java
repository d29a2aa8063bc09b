package io.syncmesh.fleet.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The pushes of one benchmark round, in order: each a batch of changes from one device of the tenant. A batch may be
 * sent again later (a replay); {@link #changes()} counts each change once.
 */
public record Workload(String tenant, List<Batch> sends) {

    /** Creates come from this many devices, batch by batch in turn, as a fleet's would (and within device limits). */
    public static final int DEVICES = 64;
    public static final String DEVICE = "bench-device";
    /** The two devices that edit the same notes concurrently in {@link #withConcurrentEdits}. */
    public static final String EDITOR_A = "bench-editor-a";
    public static final String EDITOR_B = "bench-editor-b";

    /** A push: its device and its changes. */
    public record Batch(String device, List<BenchChange> changes) {

        /** The batch as the body of {@code POST /v1/sync/push}. */
        public String pushBody() {
            StringBuilder body = new StringBuilder("{\"changes\":[");
            for (int i = 0; i < changes.size(); i++) {
                body.append(i == 0 ? "" : ",").append(changes.get(i).json());
            }
            return body.append("]}").toString();
        }
    }

    /**
     * {@code count} creates in batches of {@code batchSize} (the last may be smaller), titles of {@code titleChars}.
     */
    public static Workload creates(String tenant, int count, int batchSize, int titleChars, long seed) {
        if (count < 1 || batchSize < 1 || titleChars < 1) {
            throw new IllegalArgumentException("count, batch size and title length must be positive");
        }
        Random random = new Random(seed);
        List<BenchChange> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            changes.add(BenchChange.create(id(random), "n-" + id(random), letters(random, titleChars)));
        }
        return new Workload(tenant, batchesFromTheFleet(changes, batchSize));
    }

    /**
     * The notes that {@link #withConcurrentEdits} edits: {@code count * ratio / 2} creates, to push (and wait for)
     * before the measured round.
     */
    public static Workload editedNotes(String tenant, int count, double ratio, int batchSize, long seed) {
        int notes = editedNoteCount(count, ratio);
        if (notes < 1) {
            throw new IllegalArgumentException("a ratio of " + ratio + " of " + count + " changes edits no note");
        }
        Random random = new Random(seed);
        List<BenchChange> changes = new ArrayList<>(notes);
        for (int i = 0; i < notes; i++) {
            changes.add(BenchChange.create(id(random), "edited-" + i, letters(random, 16)));
        }
        return new Workload(tenant, batchesFromTheFleet(changes, batchSize));
    }

    /**
     * {@code count} changes of which a {@code ratio} are concurrent edits: each note of {@link #editedNotes} gets a
     * title from one device and a color from another, both on version 1, so that one of them goes through the conflict
     * path and is merged. The rest are creates; the editors' batches are spread evenly among them.
     */
    public static Workload withConcurrentEdits(String tenant, int count, double ratio, int batchSize, int titleChars,
            long seed) {
        int notes = editedNoteCount(count, ratio);
        Random random = new Random(seed);
        List<BenchChange> titles = new ArrayList<>();
        List<BenchChange> colors = new ArrayList<>();
        for (int i = 0; i < notes; i++) {
            titles.add(new BenchChange(id(random), "edited-" + i, 1, "title", letters(random, titleChars)));
            colors.add(new BenchChange(id(random), "edited-" + i, 1, "color", letters(random, 8)));
        }
        List<Batch> edits = new ArrayList<>();
        List<Batch> byA = batches(EDITOR_A, titles, batchSize);
        List<Batch> byB = batches(EDITOR_B, colors, batchSize);
        for (int i = 0; i < byA.size(); i++) {
            edits.add(byA.get(i));
            edits.add(byB.get(i));
        }
        Workload creates = creates(tenant, count - 2 * notes, batchSize, titleChars, seed + 1);
        return new Workload(tenant, spread(creates.sends(), edits));
    }

    /** How many notes get concurrent edits: two edits each make up the {@code ratio} of {@code count} changes. */
    private static int editedNoteCount(int count, double ratio) {
        return (int) Math.round(count * ratio / 2);
    }

    /** This workload with a {@code fraction} of its batches sent a second time, a few pushes after the first. */
    public Workload withReplays(double fraction, long seed) {
        Random random = new Random(seed);
        List<Batch> result = new ArrayList<>(sends);
        int replays = (int) Math.round(sends.size() * fraction);
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            chosen.add(i);
        }
        Collections.shuffle(chosen, random);
        for (int replay : chosen.subList(0, replays).stream().sorted((a, b) -> b - a).toList()) {
            int at = Math.min(result.size(), replay + 1 + random.nextInt(5));
            result.add(at, sends.get(replay));
        }
        return new Workload(tenant, List.copyOf(result));
    }

    /** The distinct changes (a replayed batch counts once). */
    public int changes() {
        return changeIds().size();
    }

    /** The ids of the distinct changes. */
    public Set<String> changeIds() {
        Set<String> ids = new LinkedHashSet<>();
        sends.forEach(batch -> batch.changes().forEach(change -> ids.add(change.changeId())));
        return ids;
    }

    /** How many characters of title make a created change {@code bytes} bytes of JSON (at least 1). */
    public static int titleCharsFor(int bytes) {
        int empty = BenchChange.create(id(new Random(0)), "n-" + id(new Random(1)), "").json().length();
        return Math.max(1, bytes - empty);
    }

    /** {@link #DEVICES} devices, {@code bench-device-0} and on, push the batches in turn. */
    private static List<Batch> batchesFromTheFleet(List<BenchChange> changes, int batchSize) {
        List<Batch> batches = new ArrayList<>();
        for (Batch batch : batches(DEVICE, changes, batchSize)) {
            batches.add(new Batch(DEVICE + "-" + batches.size() % DEVICES, batch.changes()));
        }
        return List.copyOf(batches);
    }

    private static List<Batch> batches(String device, List<BenchChange> changes, int batchSize) {
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < changes.size(); from += batchSize) {
            batches.add(new Batch(device, List.copyOf(changes.subList(from, Math.min(changes.size(),
                    from + batchSize)))));
        }
        return List.copyOf(batches);
    }

    /** {@code extra} inserted at even intervals into {@code base}. */
    private static List<Batch> spread(List<Batch> base, List<Batch> extra) {
        List<Batch> result = new ArrayList<>(base);
        for (int i = extra.size() - 1; i >= 0; i--) {
            int at = (int) ((long) (i + 1) * base.size() / (extra.size() + 1));
            result.add(at, extra.get(i));
        }
        return List.copyOf(result);
    }

    private static String id(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String letters(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int c = 0; c < length; c++) {
            text.append((char) ('A' + random.nextInt(26)));
        }
        return text.toString();
    }
}
