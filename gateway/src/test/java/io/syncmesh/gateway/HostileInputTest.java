package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Bodies a buggy or hostile app sends, through the whole gateway: each gets a problem (never a 500 or a stack trace)
 * that names the rule, and writes nothing, which a later create of the same entity at version 1 shows.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true)
class HostileInputTest {

    private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private Response push(byte[] body, String contentType) {
        return GatewayFlowTest.as(tenant, "app").contentType(contentType).body(body).post("/v1/sync/push");
    }

    private Response push(String body) {
        return push(body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private void neverWritten(String entity) {
        NothingWritten.toEntity(tenant, entity);
    }

    private static void isProblem(Response answer, int status, String detail) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("detail")).contains(detail).doesNotContain("Exception")
                .doesNotContain("at io.");
    }

    /** A valid push of one change with one piece replaced, and the rule the result breaks. */
    static Stream<Arguments> brokenBodies() {
        return Stream.of(
                Arguments.of("a duplicate key", "\"op\":\"create\"", "\"op\":\"create\",\"op\":\"delete\"",
                        "repeats a key"),
                Arguments.of("nesting 40 deep", "{\"title\":\"x\"}",
                        "{\"title\":" + "[".repeat(40) + "]".repeat(40) + "}", "nests deeper"),
                Arguments.of("a number out of range", "\"deviceSeq\":1", "\"deviceSeq\":99999999999999999999999",
                        "out of range"),
                Arguments.of("an unknown top-level property", "{\"changes\"",
                        "{\"tenant\":\"t-victim\",\"changes\"", "unknown property \"tenant\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenBodies")
    void aBrokenBodyIsRefusedWithItsRuleAndWritesNothing(String rule, String piece, String replacement,
            String detail) {
        String entity = id();
        String body = GatewayFlowTest.push(GatewayFlowTest.create(id(), entity, "x"));
        assertThat(body).as(rule).contains(piece);

        isProblem(push(body.replace(piece, replacement)), 400, detail);
        neverWritten(entity);
    }

    @Test
    void invalidUtf8IsRefused() {
        String entity = id();
        byte[] body = GatewayFlowTest.push(GatewayFlowTest.create(id(), entity, "AB"))
                .getBytes(StandardCharsets.UTF_8);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("AB");
        body[at] = (byte) 0xC3;
        body[at + 1] = (byte) 0x28;

        isProblem(push(body, "application/json"), 400, "not valid UTF-8");
        neverWritten(entity);
    }

    @Test
    void aServerOwnedFieldIsRejectedAndItsChangeWritesNothing() {
        String entity = id();
        String body = GatewayFlowTest.push(GatewayFlowTest.create(id(), entity, "x")
                .replace("\"deviceSeq\":1", "\"deviceSeq\":1,\"version\":99"));

        Response answer = push(body);

        isProblem(answer, 400, "every change of the push was rejected");
        assertThat(answer.jsonPath().getList("errors.code")).contains("server-owned-field");
        neverWritten(entity);
    }

    @Test
    void aBodyThatIsNotJsonByItsContentTypeIsRefused() {
        String entity = id();

        Response answer = push(GatewayFlowTest.push(GatewayFlowTest.create(id(), entity, "x"))
                .getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        neverWritten(entity);
    }

    @Test
    void aChangeIdReusedWithAnotherPayloadIsAnsweredFromTheFirstAndChangesNothing() {
        String entity = id();
        String changeId = id();
        GatewayFlowTest.as(tenant, "app").contentType("application/json").header("Prefer", "wait=20")
                .body(GatewayFlowTest.push(GatewayFlowTest.create(changeId, entity, "first"))).post("/v1/sync/push")
                .then().statusCode(200).body("receipts[0].status", equalTo("applied"));

        GatewayFlowTest.as(tenant, "app").contentType("application/json").header("Prefer", "wait=20")
                .body(GatewayFlowTest.push(GatewayFlowTest.create(changeId, entity, "second")))
                .post("/v1/sync/push").then().statusCode(200)
                .body("receipts[0].status", equalTo("duplicate"), "receipts[0].originalStatus", equalTo("applied"));

        GatewayFlowTest.as(tenant, "app").get("/v1/entities/notes/{id}", entity).then().statusCode(200)
                .body("fields.title", equalTo("first"), "version", equalTo(1));
    }

    @Test
    void anUnknownPropertyInTelemetryIsRefusedByName() {
        GatewayFlowTest.as(tenant, "app").contentType("application/json")
                .body("{\"queueLength\":1,\"deviceSecret\":\"x\"}").post("/v1/telemetry")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("unknown property \"deviceSecret\": a TelemetryReport does not have it"));
    }

    @Test
    void aPatchWithDuplicateKeysIsRefused() {
        String entity = id();
        GatewayFlowTest.as(tenant, "app").contentType("application/json").header("If-Match", "\"v1\"")
                .body("{\"title\":\"a\",\"title\":\"b\"}").patch("/v1/entities/notes/{id}", entity)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("the body repeats a key in one object"));
        neverWritten(entity);
    }

    @Test
    void validationErrorsListEveryRejectedChange() {
        push(GatewayFlowTest.push(GatewayFlowTest.create(id(), id(), "x").replace("\"notes\"", "\"nope\"")))
                .then().statusCode(400).body("errors.code", hasItem("unknown-collection"));
    }
}
