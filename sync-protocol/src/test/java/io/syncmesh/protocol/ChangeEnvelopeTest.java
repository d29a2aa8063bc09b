package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The change envelope on sync.changes (DESIGN.md section 4) and its way through the conflict path. */
class ChangeEnvelopeTest {

    private static final Instant RECEIVED_AT = Instant.parse("2025-03-14T09:12:01Z");

    private final Change original = ChangeBuilder.anUpdate().build();
    private final ChangeEnvelope fromClient = ChangeEnvelope.fromClient("acme", "phone-1", RECEIVED_AT, original,
            ConflictMode.REJECT);

    @Test
    void aFreshChangeFromADeviceHasOriginClientAndAttemptZero() {
        assertThat(fromClient.origin()).isEqualTo(Origin.CLIENT);
        assertThat(fromClient.attempt()).isZero();
        assertThat(fromClient.type()).isEqualTo("change");
        assertThat(fromClient.schemaVersion()).isEqualTo(1);
        assertThat(fromClient.isReturnFromConflictPath()).isFalse();
        assertThat(fromClient.verdict()).isNull();
    }

    @Test
    void aFreshChangeWithoutAConflictModeIsMergedOnTheServer() {
        assertThat(ChangeEnvelope.fromClient("acme", "phone-1", RECEIVED_AT, original, null).conflictMode())
                .isEqualTo(ConflictMode.MERGE);
    }

    @Test
    void returningIncrementsTheAttemptAndSetsOriginMerge() {
        Change merged = original.withBaseVersion(18L);

        ChangeEnvelope returned = fromClient.returning(merged, Verdict.APPLY, null, null);

        assertThat(returned.attempt()).isEqualTo(1);
        assertThat(returned.origin()).isEqualTo(Origin.MERGE);
        assertThat(returned.isReturnFromConflictPath()).isTrue();
        assertThat(returned.change()).isEqualTo(merged);
        assertThat(returned.verdict()).isEqualTo(Verdict.APPLY);
    }

    @Test
    void returningKeepsTenantDeviceReceivedAtConflictModeAndChangeId() {
        ChangeEnvelope returned = fromClient.returning(original.withBaseVersion(18L), Verdict.APPLY, null, null);

        assertThat(returned.tenant()).isEqualTo("acme");
        assertThat(returned.device()).isEqualTo("phone-1");
        assertThat(returned.receivedAt()).isEqualTo(RECEIVED_AT);
        assertThat(returned.conflictMode()).isEqualTo(ConflictMode.REJECT);
        assertThat(returned.change().changeId()).isEqualTo(original.changeId());
        assertThat(returned.key()).isEqualTo(fromClient.key());
    }

    @Test
    void everyReturnCountsOneMoreAttempt() {
        ChangeEnvelope envelope = fromClient;
        for (int i = 1; i <= 5; i++) {
            envelope = envelope.returning(original.withBaseVersion(15L + i), Verdict.APPLY, null, null);
            assertThat(envelope.attempt()).isEqualTo(i);
        }
        assertThat(envelope.change().baseVersion()).isEqualTo(20L);
    }

    @Test
    void anAnswerNamesTheFieldsBothSidesChangedAndTheNextReturnForgetsThem() {
        ChangeEnvelope answer = fromClient.returning(original, Verdict.MERGED, null, null)
                .withConflictFields(Map.of("title", "lww"));

        assertThat(answer.conflictFields()).isEqualTo(Map.of("title", "lww"));
        assertThat(answer.attempt()).isEqualTo(1);
        assertThat(answer.returning(original, Verdict.APPLY, null, null).conflictFields()).isNull();
        assertThat(answer.withConflictFields(Map.of()).conflictFields()).as("none is written as absent").isNull();
    }

    @Test
    void aReturnedManualVerdictCarriesTheConflictItemAndCode() {
        ChangeEnvelope returned = fromClient.returning(original, Verdict.MANUAL, "conflict-7", "manual-review");

        assertThat(returned.verdict()).isEqualTo(Verdict.MANUAL);
        assertThat(returned.conflictId()).isEqualTo("conflict-7");
        assertThat(returned.code()).isEqualTo("manual-review");
    }

    @Test
    void returningWithoutAChangeIsRefused() {
        assertThatThrownBy(() -> fromClient.returning(null, Verdict.APPLY, null, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void theVerdictDefaultsToApply() {
        assertThat(fromClient.verdictOrApply()).isEqualTo(Verdict.APPLY);
    }

    @ParameterizedTest
    @EnumSource(Verdict.class)
    void anExplicitVerdictIsKept(Verdict verdict) {
        assertThat(fromClient.returning(original, verdict, null, null).verdictOrApply()).isEqualTo(verdict);
    }

    @Test
    void theRecordKeyIsTenantCollectionAndEntityIdSeparatedBySlashes() {
        assertThat(fromClient.key().recordKey()).isEqualTo("acme/notes/" + ChangeBuilder.ENTITY_ID);
        assertThat(fromClient.key()).isEqualTo(new EntityKey("acme", "notes", ChangeBuilder.ENTITY_ID));
    }

    @Test
    void anEntityKeyNeedsAllThreeParts() {
        assertThatThrownBy(() -> new EntityKey(null, "notes", "e-1")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EntityKey("acme", null, "e-1")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new EntityKey("acme", "notes", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aChangeIsImmutable() {
        Change change = ChangeBuilder.anUpdate().build();

        assertThatThrownBy(() -> change.fields().put("x", null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> change.dependsOn().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void reBasingAChangeKeepsEverythingElse() {
        Change rebased = original.withBaseVersion(30L);

        assertThat(rebased.baseVersion()).isEqualTo(30L);
        assertThat(rebased.withBaseVersion(original.baseVersion())).isEqualTo(original);
        assertThat(original.withFields(ChangeBuilder.fieldsOf("body", "merged")).fields())
                .containsOnlyKeys("body");
    }
}
