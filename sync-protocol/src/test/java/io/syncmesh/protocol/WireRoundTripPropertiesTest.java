package io.syncmesh.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a device may send survives the wire and the topics unchanged. */
class WireRoundTripPropertiesTest {

    private static final ObjectMapper JSON = SyncJson.mapper();

    @Property
    void everyValidChangeSurvivesTheWireUnchanged(@ForAll("validChanges") Change change) throws Exception {
        Change read = JSON.readValue(JSON.writeValueAsString(change), Change.class);

        assertThat(read).isEqualTo(change);
        assertThat(new ChangeValidator().validate(read)).isEmpty();
    }

    @Property
    void everyEnvelopeSurvivesTheTopicUnchanged(@ForAll("envelopes") ChangeEnvelope envelope) throws Exception {
        ChangeEnvelope read = JSON.readValue(JSON.writeValueAsBytes(envelope), ChangeEnvelope.class);

        assertThat(read).isEqualTo(envelope);
        assertThat(read.key().recordKey()).isEqualTo(envelope.tenant() + "/" + envelope.change().collection() + "/"
                + envelope.change().entityId());
    }

    @Property
    void theRecordKeySplitsBackIntoTenantCollectionAndEntityId(@ForAll("envelopes") ChangeEnvelope envelope) {
        String[] parts = envelope.key().recordKey().split("/", -1);

        assertThat(parts).containsExactly(envelope.tenant(), envelope.change().collection(),
                envelope.change().entityId());
    }

    @Provide
    Arbitrary<Change> validChanges() {
        return WireArbitraries.validChanges();
    }

    @Provide
    Arbitrary<ChangeEnvelope> envelopes() {
        Arbitrary<ChangeEnvelope> fresh = Combinators
                .combine(WireArbitraries.principals(), WireArbitraries.principals(), WireArbitraries.instants(),
                        WireArbitraries.validChanges(), Arbitraries.of(ConflictMode.class))
                .as(ChangeEnvelope::fromClient);
        Arbitrary<Map<String, String>> conflictFields = Arbitraries.maps(WireArbitraries.principals(),
                Arbitraries.of("lww", "counter", "union", "manual")).ofMaxSize(3);
        return Combinators.combine(fresh, Arbitraries.integers().between(0, 5), Arbitraries.of(Verdict.class),
                conflictFields).as((envelope, returns, verdict, fields) -> {
                    ChangeEnvelope result = envelope;
                    for (int i = 0; i < returns; i++) {
                        result = result.returning(result.change(), verdict, verdict == Verdict.MANUAL ? "k-" + i : null,
                                verdict == Verdict.REJECT ? "code-" + i : null);
                    }
                    return returns == 0 ? result : result.withConflictFields(fields);
                });
    }
}
