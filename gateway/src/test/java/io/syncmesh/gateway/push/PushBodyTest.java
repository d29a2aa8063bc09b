package io.syncmesh.gateway.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.Limits;
import io.syncmesh.protocol.PushResponse.RejectedChange;
import io.syncmesh.support.web.ProblemException;

/** A push body: server-owned and unknown properties are rejected per change, by name, while the others go on. */
class PushBodyTest {

    private static final ChangeValidator VALIDATOR = new ChangeValidator();

    private static String change(String id, String extra) {
        return """
                {"changeId":"%s","collection":"notes","entityId":"e-%s","op":"create","fields":{"title":"t"},
                 "deviceSeq":1%s}""".formatted(id, id, extra);
    }

    private static PushBody read(String... changes) {
        return PushBody.read(("{\"changes\":[" + String.join(",", changes) + "]}").getBytes(StandardCharsets.UTF_8),
                VALIDATOR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"version", "updatedBy", "tenant", "device", "receipt", "origin"})
    void aServerOwnedFieldIsRejectedByNameAndTheOtherChangesGoOn(String field) {
        PushBody body = read(change("c1", ",\"" + field + "\":\"x\""), change("c2", ""));

        assertThat(body.accepted()).extracting(c -> c.changeId()).containsExactly("c2");
        assertThat(body.rejected()).containsExactly(new RejectedChange("c1", PushBody.SERVER_OWNED_FIELD,
                "\"" + field + "\" is set by the server, never by a device"));
    }

    @Test
    void aChangeThatIsNotAnObjectIsRejectedAloneFoundByTheFuzzTest() {
        PushBody body = read("null", "1", "[]", change("c2", ""));

        assertThat(body.accepted()).extracting(c -> c.changeId()).containsExactly("c2");
        assertThat(body.rejected()).extracting(RejectedChange::code).containsExactly(PushBody.INVALID_CHANGE,
                PushBody.INVALID_CHANGE, PushBody.INVALID_CHANGE);
    }

    @Test
    void anUnknownPropertyOfAChangeIsRejectedByName() {
        PushBody body = read(change("c1", ",\"colour\":\"red\""));

        assertThat(body.accepted()).isEmpty();
        assertThat(body.rejected()).containsExactly(new RejectedChange("c1", PushBody.UNKNOWN_PROPERTY,
                "a change has no property \"colour\""));
    }

    @Test
    void anUnknownPropertyBesideTheChangesRefusesTheWholePush() {
        ProblemException problem = catchThrowableOfType(ProblemException.class, () -> PushBody.read(
                "{\"changes\":[],\"tenant\":\"t-other\"}".getBytes(StandardCharsets.UTF_8), VALIDATOR));

        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().detail()).isEqualTo(
                "unknown property \"tenant\": a push body has only \"changes\"");
    }

    @Test
    void aFieldValueOverTheLimitIsRejectedAlone() {
        String big = "x".repeat(Limits.MAX_FIELD_VALUE_CHARS);
        PushBody body = read(change("c1", "").replace("\"title\":\"t\"", "\"title\":\"" + big + "\""),
                change("c2", ""));

        assertThat(body.accepted()).extracting(c -> c.changeId()).containsExactly("c2");
        assertThat(body.rejected()).extracting(RejectedChange::code).containsExactly(ChangeValidator.FIELD_TOO_LARGE);
    }
}
