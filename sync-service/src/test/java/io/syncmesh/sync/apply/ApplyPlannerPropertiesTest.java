package io.syncmesh.sync.apply;

import static io.syncmesh.sync.apply.Planning.NOW;
import static io.syncmesh.sync.apply.Planning.TENANT;
import static io.syncmesh.sync.apply.Planning.WAIT;
import static io.syncmesh.sync.apply.Planning.id;
import static io.syncmesh.sync.apply.Planning.key;
import static io.syncmesh.sync.apply.Planning.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.Change;
import io.syncmesh.protocol.ChangeEnvelope;
import io.syncmesh.protocol.ConflictEvent;
import io.syncmesh.protocol.ConflictMode;
import io.syncmesh.protocol.EntityKey;
import io.syncmesh.protocol.FieldMeta;
import io.syncmesh.protocol.Op;
import io.syncmesh.protocol.Receipt;
import io.syncmesh.protocol.ReceiptStatus;
import io.syncmesh.protocol.ResultEvent;
import io.syncmesh.protocol.Verdict;
import io.syncmesh.protocol.registry.CollectionRegistry;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** Properties of the planner over generated batches and histories. */
class ApplyPlannerPropertiesTest {

    private static final List<String> FIELDS = List.of("title", "body", "tag", "done");

    // ---------------------------------------------------------------- determinism

    /** One generated input of a mixed batch: fresh from a device, or the change in flight on e1 coming back. */
    record Step(int kind, String changeId, String entityId, Op op, long base, String device, Map<String, String> fields,
            Long deviceSeq, String dependsOn, boolean rejectMode, Verdict verdict) {
    }

    @Provide
    Arbitrary<List<Step>> mixedBatches() {
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 9); // 0-7 fresh, 8-9 returning
        Arbitrary<String> changeId = Arbitraries.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
                "q1", "q3");
        Arbitrary<String> entity = Arbitraries.of("e1", "e2", "e3");
        Arbitrary<Op> op = Arbitraries.of(Op.class);
        Arbitrary<Long> base = Arbitraries.longs().between(1, 5);
        Arbitrary<String> device = Arbitraries.of("A", "B", "C");
        Arbitrary<Map<String, String>> fields = patches();
        Arbitrary<Long> seq = Arbitraries.longs().between(0, 20).injectNull(0.3);
        Arbitrary<String> dependsOn = Arbitraries.of("d-applied", "d-pending", "d-missing", "s0", "s1", "s5")
                .injectNull(0.6);
        Arbitrary<Boolean> reject = Arbitraries.of(true, false, false, false);
        Arbitrary<Verdict> verdict = Arbitraries.of(Verdict.class);
        Arbitrary<Step> step = Combinators.combine(kind, changeId, entity, op, base, device, fields, seq)
                .as((k, c, e, o, b, d, f, s) -> new Step(k, c, e, o, b, d, f, s, null, false, null))
                .flatMap(partial -> Combinators.combine(dependsOn, reject, verdict)
                        .as((dep, rej, v) -> new Step(partial.kind(), partial.changeId(), partial.entityId(),
                                partial.op(), partial.base(), partial.device(), partial.fields(), partial.deviceSeq(),
                                dep, rej, v)));
        return step.list().ofMinSize(0).ofMaxSize(20);
    }

    @Property(tries = 500)
    void theSameInputsAndContextGiveAnEqualPlan(@ForAll("mixedBatches") List<Step> steps,
            @ForAll boolean inFlightOnE1, @ForAll boolean e1Queued, @ForAll boolean e2Queued,
            @ForAll @IntRange(min = -120, max = 120) int deadlineOffsetSeconds) {
        BatchPlan first = new ApplyPlanner(WAIT, CollectionRegistry.DEFAULT_CLOCK_SKEW).plan(inputs(steps),
                mixedContext(inFlightOnE1, e1Queued, e2Queued, deadlineOffsetSeconds), NOW);
        BatchPlan second = new ApplyPlanner(WAIT, CollectionRegistry.DEFAULT_CLOCK_SKEW).plan(inputs(steps),
                mixedContext(inFlightOnE1, e1Queued, e2Queued, deadlineOffsetSeconds), NOW);

        assertEqualPlans(first, second);
        assertThat(first.entityWrites().values()).as("at most one change in the conflict path per entity")
                .allSatisfy(state -> assertThat(state.detours()).isBetween(0, 1));
        assertThat(first.detours()).extracting(BatchPlan.Detour::reason)
                .isSubsetOf(ConflictEvent.REASON_CONCURRENT_EDIT, ConflictEvent.REASON_ALREADY_EXISTS);
        first.results().forEach(result -> Statistics.label("receipt").collect(result.receipt().status()));
        Statistics.label("detours").collect(!first.detours().isEmpty());
        Statistics.label("queued").collect(!first.queueAdds().isEmpty());
        Statistics.label("dequeued").collect(!first.queueRemovals().isEmpty());
    }

    @Property(tries = 300)
    void drainingTheSameQueuesTwiceGivesAnEqualPlan(@ForAll boolean inFlightOnE1, @ForAll boolean e1Queued,
            @ForAll boolean e2Queued, @ForAll @IntRange(min = -120, max = 120) int deadlineOffsetSeconds) {
        List<EntityKey> keys = List.of(key("e1"), key("e2"), key("e3"));

        BatchPlan first = new ApplyPlanner(WAIT, CollectionRegistry.DEFAULT_CLOCK_SKEW).drain(keys,
                mixedContext(inFlightOnE1, e1Queued, e2Queued, deadlineOffsetSeconds), NOW);
        BatchPlan second = new ApplyPlanner(WAIT, CollectionRegistry.DEFAULT_CLOCK_SKEW).drain(keys,
                mixedContext(inFlightOnE1, e1Queued, e2Queued, deadlineOffsetSeconds), NOW);

        assertEqualPlans(first, second);
        if (inFlightOnE1) {
            assertThat(first.results()).extracting(result -> result.receipt().entityId())
                    .as("a queue behind a change in flight is not drained").doesNotContain("e1");
        }
        Statistics.label("drained").collect(first.results().size());
    }

    private static void assertEqualPlans(BatchPlan first, BatchPlan second) {
        assertThat(second.results()).isEqualTo(first.results());
        assertThat(new ArrayList<>(second.outcomeWrites().entrySet()))
                .isEqualTo(new ArrayList<>(first.outcomeWrites().entrySet()));
        assertThat(new ArrayList<>(second.entityWrites().entrySet()))
                .isEqualTo(new ArrayList<>(first.entityWrites().entrySet()));
        assertThat(second.historyRows()).isEqualTo(first.historyRows());
        assertThat(second.logRows()).isEqualTo(first.logRows());
        assertThat(second.detours()).isEqualTo(first.detours());
        assertThat(new ArrayList<>(second.queueAdds().entrySet()))
                .isEqualTo(new ArrayList<>(first.queueAdds().entrySet()));
        assertThat(second.queueRemovals()).isEqualTo(first.queueRemovals());
        assertThat(second.detourReplays()).isEqualTo(first.detourReplays());
    }

    private static List<ChangeInput> inputs(List<Step> steps) {
        List<ChangeInput> inputs = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            Op op = step.op();
            Long base = op == Op.CREATE ? null : step.base();
            Map<String, JsonNode> fields = op == Op.DELETE ? null : json(step.fields());
            Change change = new Change(step.changeId(), Planning.NOTES, step.entityId(), op, base, fields, null,
                    step.deviceSeq(), step.dependsOn() == null ? List.of() : List.of(step.dependsOn()));
            ChangeEnvelope envelope = ChangeEnvelope.fromClient(TENANT, step.device(), Planning.RECEIVED, change,
                    step.rejectMode() ? ConflictMode.REJECT : ConflictMode.MERGE);
            if (step.kind() <= 7) {
                inputs.add(ChangeInput.fresh(envelope));
            } else {
                ChangeEnvelope sent = inFlightOnE1(step.base(), step.deviceSeq(), step.fields());
                inputs.add(ChangeInput.fresh(sent.returning(sent.change(), step.verdict(), "cf-" + i, "code-" + i)));
            }
        }
        return inputs;
    }

    private static ChangeEnvelope inFlightOnE1(long base, Long deviceSeq, Map<String, String> fields) {
        Change pending = new Change("p-e1", Planning.NOTES, "e1", Op.UPDATE, base, json(fields), null, deviceSeq,
                List.of());
        return ChangeEnvelope.fromClient(TENANT, "B", Planning.RECEIVED, pending, ConflictMode.MERGE);
    }

    /**
     * e1 at v3 (A's own chain from v2), in flight or not, with two queued changes (one waiting for a dependency); e2 a
     * tombstone with a queued change waiting for a dependency; e3 missing; some stored outcomes to depend on or replay.
     */
    private static PlanningContext mixedContext(boolean inFlightOnE1, boolean e1Queued, boolean e2Queued,
            int deadlineOffsetSeconds) {
        Map<String, FieldMeta> meta = Map.of("title", new FieldMeta(3, "A", 7, NOW.minusSeconds(600)),
                "body", new FieldMeta(1, "O", 1, NOW.minusSeconds(900)));
        EntityState e1 = new EntityState(key("e1"), 3, Map.of("title", text("t3"), "body", text("b1")), meta, false,
                NOW.minusSeconds(600), "A", "A", 2, inFlightOnE1 ? 1 : 0);
        EntityState e2 = new EntityState(key("e2"), 2, Map.of(), Map.of(), true, NOW.minusSeconds(300), "B", "B", 2,
                0);
        Map<OutcomeKey, StoredOutcome> outcomes = new HashMap<>();
        outcomes.put(id("d-applied"),
                new StoredOutcome(id("d-applied"), "A", key("e3"), ReceiptStatus.APPLIED, 0, 1L, null, null, null));
        outcomes.put(id("d-pending"),
                new StoredOutcome(id("d-pending"), "A", key("e3"), ReceiptStatus.PENDING, 0, null, null, null, null));
        outcomes.put(id("p-e1"), inFlightOnE1
                ? new StoredOutcome(id("p-e1"), "B", key("e1"), ReceiptStatus.PENDING, 0, null, null, null, "{}")
                : new StoredOutcome(id("p-e1"), "B", key("e1"), ReceiptStatus.MERGED, 1, 3L, null, null, null));
        outcomes.put(id("s9"),
                new StoredOutcome(id("s9"), "C", key("e1"), ReceiptStatus.REJECTED, 0, null, null, "x", null));
        Instant deadline = NOW.plusSeconds(deadlineOffsetSeconds);
        List<QueuedChange> queued = new ArrayList<>();
        if (e1Queued) {
            queued.add(queued(outcomes, "q1", "e1", "C", 3L, "d-pending", deadline, 1));
            queued.add(queued(outcomes, "q2", "e1", "A", 2L, null, deadline, 2));
        }
        if (e2Queued) {
            queued.add(queued(outcomes, "q3", "e2", "B", 2L, "d-missing", deadline, 3));
        }
        return PlanningContext.of(outcomes, Map.of(key("e1"), e1, key("e2"), e2), queued);
    }

    private static QueuedChange queued(Map<OutcomeKey, StoredOutcome> outcomes, String changeId, String entityId,
            String device, long base, String dependsOn, Instant deadline, long position) {
        Change change = new Change(changeId, Planning.NOTES, entityId, Op.UPDATE, base,
                Map.of("body", text(changeId)), null, null, dependsOn == null ? List.of() : List.of(dependsOn));
        ChangeEnvelope envelope = ChangeEnvelope.fromClient(TENANT, device, Planning.RECEIVED, change,
                ConflictMode.MERGE);
        outcomes.put(id(changeId), new StoredOutcome(id(changeId), device, key(entityId), ReceiptStatus.PENDING, 0,
                null, null, null, null));
        return new QueuedChange(envelope, null, deadline.minus(WAIT), deadline, position);
    }

    // ---------------------------------------------------------------- one device, in order

    @Provide
    Arbitrary<Map<String, String>> patches() {
        return Arbitraries.maps(Arbitraries.of(FIELDS), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4))
                .ofMinSize(1).ofMaxSize(FIELDS.size());
    }

    @Property(tries = 300)
    void inOrderUpdatesOfOneDeviceOnSuccessiveBasesEndAtVersionOnePlusNWithTheLastWrites(
            @ForAll("patches") Map<String, String> created,
            @ForAll("updateSequences") List<Map<String, String>> updates,
            @ForAll @IntRange(min = 1, max = 8) int batchSize) {
        Planning.Store store = new Planning.Store();
        store.run(Planning.create("u0", "e1").by("A").seq(0).setAll(created));
        List<ChangeInput> inputs = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            Change change = new Change("u" + (i + 1), Planning.NOTES, "e1", Op.UPDATE, (long) i + 1,
                    json(updates.get(i)), null, (long) i + 1, List.of());
            inputs.add(ChangeInput.fresh(ChangeEnvelope.fromClient(TENANT, "A", Planning.RECEIVED, change,
                    ConflictMode.MERGE)));
        }
        for (int from = 0; from < inputs.size(); from += batchSize) {
            store.run(inputs.subList(from, Math.min(inputs.size(), from + batchSize)));
        }

        Map<String, String> expected = new LinkedHashMap<>(created);
        updates.forEach(expected::putAll);
        EntityState last = store.entity("e1");
        assertThat(last.version()).isEqualTo(1L + updates.size());
        assertThat(last.fields()).isEqualTo(json(expected));
        assertThat(last.detours()).isZero();
        assertThat(store.queued).isEmpty();
        List<Receipt> receipts = store.receipts().stream().filter(r -> !r.changeId().equals("u0")).toList();
        assertThat(receipts).hasSize(updates.size())
                .allSatisfy(receipt -> assertThat(receipt.status()).isEqualTo(ReceiptStatus.APPLIED));
        assertThat(receipts).extracting(Receipt::version)
                .containsExactlyElementsOf(LongStream.rangeClosed(2, 1L + updates.size()).boxed().toList());
    }

    @Provide
    Arbitrary<List<Map<String, String>>> updateSequences() {
        return patches().list().ofMinSize(0).ofMaxSize(30);
    }

    // ---------------------------------------------------------------- several devices and the conflict path

    enum Action {
        /** A device sends an update of e1 on the version it last saw, {@code lag} older, or one e1 never had. */
        SEND,
        /** A device pulls: it now knows e1's current version. */
        PULL,
        /** The change in the conflict path (if any) comes back with {@code verdict}. */
        RETURN
    }

    record Event(Action action, int device, int lag, String field, Verdict verdict, boolean rejectMode,
            boolean variant) {
    }

    @Provide
    Arbitrary<List<Event>> histories() {
        Arbitrary<Action> action = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(Action.SEND)),
                Tuple.of(2, Arbitraries.just(Action.PULL)), Tuple.of(4, Arbitraries.just(Action.RETURN)));
        Arbitrary<Integer> lag = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(-1)),
                Tuple.of(10, Arbitraries.just(0)), Tuple.of(5, Arbitraries.integers().between(1, 2)));
        Arbitrary<Boolean> rejectMode = Arbitraries.integers().between(0, 7).map(i -> i == 0);
        return Combinators.combine(action, Arbitraries.integers().between(0, 2), lag, Arbitraries.of(FIELDS),
                Arbitraries.of(Verdict.class), rejectMode, Arbitraries.of(true, false)).as(Event::new)
                .list().ofMinSize(4).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Verdict>> closingVerdicts() {
        return Arbitraries.of(Verdict.MERGED, Verdict.MANUAL, Verdict.REJECT).list().ofMaxSize(10);
    }

    /**
     * Item by item: at most one change of the entity is in the conflict path and the fence counts exactly it; a change
     * hears "pending" at most once and is settled once; changes are settled in the order they were sent, so the
     * versions a device's applied changes produce follow its send order; and once every change in flight has come back,
     * every change is settled, the queue is empty, and the entity holds the last write of every field.
     */
    @Property(tries = 500)
    void changesOfSeveralDevicesAreSettledOneAtATimeInTheOrderTheyWereSent(
            @ForAll("histories") List<Event> events, @ForAll @IntRange(min = 2, max = 3) int devices,
            @ForAll @IntRange(min = 1, max = 4) int batchSize, @ForAll boolean withDeviceSeq,
            @ForAll("closingVerdicts") List<Verdict> closing) {
        History history = new History(devices, withDeviceSeq);

        history.play(events, batchSize);
        history.settleEverythingInFlight(closing);

        Planning.Store store = history.store;
        assertThat(store.entity("e1").detours()).isZero();
        assertThat(store.queued).isEmpty();
        assertThat(history.sent).allSatisfy(changeId -> assertThat(store.outcome(changeId).isFinal()).isTrue());
        history.assertReceiptsPerChange();
        history.assertSettledInSendOrder();
        history.assertEachDevicesVersionsFollowItsSendOrder();
        history.assertVersionsAndFieldsFollowTheLog();
        Statistics.label("sent").collect(history.sent.size() / 5 * 5);
        Statistics.label("detoured again on return").collect(history.detouredAgain);
        Statistics.label("most queued").collect(history.mostQueued);
        history.store.receipts().forEach(receipt -> Statistics.label("receipt").collect(receipt.status()));
    }

    @Property(tries = 300)
    void everythingDeliveredAgainIsAnsweredFromTheStoredOutcomesAndWritesNothing(
            @ForAll("histories") List<Event> events, @ForAll @IntRange(min = 2, max = 3) int devices,
            @ForAll @IntRange(min = 1, max = 4) int batchSize) {
        History history = new History(devices, true);
        history.play(events, batchSize);
        Map<OutcomeKey, StoredOutcome> stored = new HashMap<>(history.store.outcomes);
        Map<EntityKey, EntityState> entities = new HashMap<>(history.store.entities);
        List<String> queue = history.store.queue("e1");

        BatchPlan again = history.store.run(history.delivered);

        assertThat(again.writesNothing()).isTrue();
        assertThat(again.detours()).isEmpty();
        assertThat(again.results()).hasSize(history.delivered.size());
        List<String> replayed = new ArrayList<>();
        for (ResultEvent result : again.results()) {
            StoredOutcome original = stored.get(id(result.receipt().changeId()));
            if (original.isFinal()) {
                assertThat(result.receipt()).isEqualTo(original.receipt().asDuplicate());
            } else {
                assertThat(result.receipt()).isEqualTo(original.receipt());
                if (original.detourEvent() != null) {
                    replayed.add(original.detourEvent());
                }
            }
        }
        assertThat(again.detourReplays()).isEqualTo(replayed);
        assertThat(history.store.entities).isEqualTo(entities);
        assertThat(history.store.queue("e1")).isEqualTo(queue);
    }

    /**
     * A history of e1 (created by O): devices send updates on the version they know, pull, and the change in the
     * conflict path comes back with the generated verdicts. It checks what must hold after every batch as it goes.
     */
    static final class History {

        final Planning.Store store = new Planning.Store();
        final List<ChangeInput> delivered = new ArrayList<>();
        /** Fresh change ids in the order they were sent. */
        final List<String> sent = new ArrayList<>();
        final Map<String, String> deviceOf = new HashMap<>();
        final Map<String, Integer> sentInPlan = new HashMap<>();
        /** The fields of each change as it was last sent to sync.changes (fresh, or merged by the conflict path). */
        final Map<String, Map<String, JsonNode>> fieldsOf = new HashMap<>();
        private final int devices;
        private final boolean withDeviceSeq;
        private final long[] known;
        private final long[] seqs;
        private BatchPlan.Detour inFlight;
        boolean detouredAgain;
        int mostQueued;

        History(int devices, boolean withDeviceSeq) {
            this.devices = devices;
            this.withDeviceSeq = withDeviceSeq;
            this.known = new long[devices];
            this.seqs = new long[devices];
            store.run(Planning.create("seed", "e1").by("O").set("title", "seed"));
            java.util.Arrays.fill(known, 1);
        }

        void play(List<Event> events, int batchSize) {
            List<ChangeInput> batch = new ArrayList<>();
            boolean returned = false;
            for (Event event : events) {
                int device = event.device() % devices;
                switch (event.action()) {
                    case SEND -> batch.add(send(device, event));
                    case PULL -> known[device] = Math.max(known[device], version());
                    case RETURN -> {
                        if (inFlight != null && !returned) {
                            batch.add(back(event.verdict(), event.variant()));
                            returned = true;
                        }
                    }
                }
                if (batch.size() >= batchSize) {
                    flush(batch);
                    batch = new ArrayList<>();
                    returned = false;
                }
            }
            flush(batch);
        }

        /** Brings back the change in flight until there is none (merged onto the remote when the list runs out). */
        void settleEverythingInFlight(List<Verdict> verdicts) {
            int i = 0;
            while (inFlight != null) {
                assertThat(i).as("every return settles a change").isLessThanOrEqualTo(sent.size());
                Verdict verdict = i < verdicts.size() ? verdicts.get(i) : Verdict.MERGED;
                flush(new ArrayList<>(List.of(back(verdict, i % 2 == 0))));
                i++;
            }
        }

        private ChangeInput send(int device, Event event) {
            String changeId = "x" + sent.size();
            String name = "D" + device;
            long base = event.lag() < 0 ? version() + 1 : Math.max(1, known[device] - event.lag());
            Long seq = withDeviceSeq ? ++seqs[device] : null;
            Map<String, JsonNode> fields = Map.of(event.field(), text(changeId));
            Change change = new Change(changeId, Planning.NOTES, "e1", Op.UPDATE, base, fields, null, seq, List.of());
            ChangeEnvelope envelope = ChangeEnvelope.fromClient(TENANT, name, Planning.RECEIVED, change,
                    event.rejectMode() ? ConflictMode.REJECT : ConflictMode.MERGE);
            sent.add(changeId);
            deviceOf.put(changeId, name);
            sentInPlan.put(changeId, store.plans.size());
            fieldsOf.put(changeId, fields);
            return ChangeInput.fresh(envelope);
        }

        private ChangeInput back(Verdict verdict, boolean variant) {
            ChangeEnvelope out = inFlight.envelope();
            String changeId = out.change().changeId();
            ChangeEnvelope back = switch (verdict) {
                case MERGED -> {
                    Map<String, JsonNode> merged = null;
                    if (variant) {
                        merged = new LinkedHashMap<>();
                        for (Map.Entry<String, JsonNode> field : out.change().fieldsOrEmpty().entrySet()) {
                            merged.put(field.getKey(), text(field.getValue().asText() + "+merged"));
                        }
                    }
                    ChangeEnvelope envelope = Planning.mergedOnto(out, inFlight.remote().version(), merged);
                    fieldsOf.put(changeId, envelope.change().fieldsOrEmpty());
                    yield envelope;
                }
                case APPLY -> Planning.returning(out, Verdict.APPLY);
                case MANUAL -> out.returning(out.change(), Verdict.MANUAL, "cf-" + changeId, null);
                case REJECT -> out.returning(out.change(), Verdict.REJECT, null, variant ? "policy-denied" : null);
            };
            return ChangeInput.fresh(back);
        }

        private void flush(List<ChangeInput> batch) {
            if (batch.isEmpty()) {
                return;
            }
            ChangeInput returning = batch.stream().filter(input -> input.envelope().isReturnFromConflictPath())
                    .findFirst().orElse(null);
            BatchPlan plan = store.run(batch);
            delivered.addAll(batch);
            EntityState e1 = store.entity("e1");

            assertThat(plan.entityWrites().values()).as("at most one change in the conflict path")
                    .allSatisfy(state -> assertThat(state.detours()).isBetween(0, 1));
            assertThat(plan.detours()).allSatisfy(detour -> {
                assertThat(detour.reason()).isEqualTo(ConflictEvent.REASON_CONCURRENT_EDIT);
                assertThat(detour.baseVersion()).isEqualTo(detour.envelope().change().baseVersion());
                assertThat(detour.remote()).as("the entity as it is when the change goes").isEqualTo(e1.snapshot());
            });
            if (returning != null && plan.detours().stream().anyMatch(detour -> detour.envelope()
                    .change().changeId().equals(returning.envelope().change().changeId()))) {
                detouredAgain = true;
            }
            if (!plan.detours().isEmpty()) {
                inFlight = plan.detours().get(plan.detours().size() - 1);
            }
            Set<String> pendingInConflictPath = new LinkedHashSet<>();
            store.plans.stream().flatMap(each -> each.detours().stream())
                    .map(detour -> detour.envelope().change().changeId())
                    .filter(changeId -> store.outcome(changeId).status() == ReceiptStatus.PENDING)
                    .forEach(pendingInConflictPath::add);
            assertThat(e1.detours()).as("the fence counts the change in the conflict path")
                    .isEqualTo(pendingInConflictPath.size());
            if (e1.detours() == 0) {
                inFlight = null;
                assertThat(store.queue("e1")).as("with nothing in flight and no dependencies, nothing waits")
                        .isEmpty();
            } else {
                assertThat(pendingInConflictPath).containsExactly(inFlight.envelope().change().changeId());
                assertThat(store.queue("e1")).doesNotContain(inFlight.envelope().change().changeId());
            }
            assertThat(store.queue("e1")).allSatisfy(
                    changeId -> assertThat(store.outcome(changeId).status()).isEqualTo(ReceiptStatus.PENDING));
            mostQueued = Math.max(mostQueued, store.queue("e1").size());
            assertReceiptsWithin(plan);
            for (ResultEvent result : plan.results()) {
                Receipt receipt = result.receipt();
                if (receipt.version() != null && deviceOf.containsKey(receipt.changeId())) {
                    int device = Integer.parseInt(deviceOf.get(receipt.changeId()).substring(1));
                    known[device] = Math.max(known[device], receipt.version());
                }
            }
        }

        private long version() {
            return store.entity("e1").version();
        }

        /** Within one batch a change hears at most one "pending" and at most one final outcome, in that order. */
        private static void assertReceiptsWithin(BatchPlan plan) {
            Map<String, List<ReceiptStatus>> byChange = new LinkedHashMap<>();
            plan.results().forEach(result -> byChange
                    .computeIfAbsent(result.receipt().changeId(), changeId -> new ArrayList<>())
                    .add(result.receipt().status()));
            byChange.forEach((changeId, statuses) -> assertThat(statuses.size() == 1
                    || statuses.size() == 2 && statuses.get(0) == ReceiptStatus.PENDING && statuses.get(1).isFinal())
                    .as("%s hears %s in one batch", changeId, statuses).isTrue());
        }

        /** Over the whole history: at most one "pending", exactly one final outcome, the first in its own batch. */
        void assertReceiptsPerChange() {
            Map<String, List<ReceiptStatus>> byChange = new HashMap<>();
            Map<String, Integer> firstPlan = new HashMap<>();
            for (int p = 0; p < store.plans.size(); p++) {
                for (ResultEvent result : store.plans.get(p).results()) {
                    String changeId = result.receipt().changeId();
                    byChange.computeIfAbsent(changeId, k -> new ArrayList<>()).add(result.receipt().status());
                    firstPlan.putIfAbsent(changeId, p);
                }
            }
            for (String changeId : sent) {
                List<ReceiptStatus> statuses = byChange.get(changeId);
                assertThat(firstPlan.get(changeId)).as("%s is answered in the batch it came in", changeId)
                        .isEqualTo(sentInPlan.get(changeId));
                assertThat(statuses).as(changeId).filteredOn(ReceiptStatus.PENDING::equals).hasSizeLessThan(2);
                assertThat(statuses).as(changeId).filteredOn(ReceiptStatus::isFinal).hasSize(1);
                assertThat(statuses.get(statuses.size() - 1).isFinal()).as("nothing after the final outcome of %s",
                        changeId).isTrue();
            }
        }

        /** The first final receipt of every change comes in the order the changes were sent: none overtakes another. */
        void assertSettledInSendOrder() {
            List<String> settled = new ArrayList<>();
            store.receipts().stream().filter(receipt -> receipt.status().isFinal())
                    .map(Receipt::changeId).filter(deviceOf::containsKey).forEach(settled::add);
            assertThat(settled).isEqualTo(sent);
        }

        void assertEachDevicesVersionsFollowItsSendOrder() {
            Map<String, Long> versionOf = new HashMap<>();
            store.plans.forEach(plan -> plan.logRows().forEach(row -> versionOf.put(row.changeId(), row.version())));
            Map<String, List<Long>> byDevice = new HashMap<>();
            for (String changeId : sent) {
                if (versionOf.containsKey(changeId)) {
                    byDevice.computeIfAbsent(deviceOf.get(changeId), k -> new ArrayList<>())
                            .add(versionOf.get(changeId));
                }
            }
            byDevice.forEach((device, versions) -> assertThat(versions).as(device).isSorted()
                    .doesNotHaveDuplicates());
            for (String changeId : sent) {
                Receipt receipt = store.receipts().stream()
                        .filter(r -> r.changeId().equals(changeId) && r.status().isFinal()).findFirst().orElseThrow();
                if (receipt.status() == ReceiptStatus.APPLIED || receipt.status() == ReceiptStatus.MERGED) {
                    assertThat(receipt.version()).as("%s's receipt names the version it wrote", changeId)
                            .isEqualTo(versionOf.get(changeId));
                }
            }
        }

        /** The log has one row per version, and e1 holds, for every field, what the last change writing it wrote. */
        void assertVersionsAndFieldsFollowTheLog() {
            List<BatchPlan.LogRow> log = store.plans.stream().flatMap(plan -> plan.logRows().stream()).toList();
            assertThat(log).extracting(BatchPlan.LogRow::version)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
            Map<String, JsonNode> expected = new HashMap<>(Map.of("title", text("seed")));
            log.stream().skip(1).forEach(row -> expected.putAll(fieldsOf.get(row.changeId())));
            assertThat(store.entity("e1").version()).isEqualTo(log.size());
            assertThat(store.entity("e1").fields()).isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, JsonNode> json(Map<String, String> fields) {
        Map<String, JsonNode> json = new LinkedHashMap<>();
        fields.forEach((name, value) -> json.put(name, text(value)));
        return json;
    }
}
