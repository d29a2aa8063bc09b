package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.ProblemTypes;
import io.syncmesh.protocol.SyncJson;

/**
 * Bodies a buggy or hostile app sends, through the whole gateway: each gets a problem (never a 500 or a stack trace)
 * that names the rule, and writes nothing, which a later create of the same entity at version 1 shows.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true)
class HostileInputTest {

    private final String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);

    @TestHTTPResource("/")
    URI root;

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

    /**
     * A request with a body and no Content-Type at all, sent by the JDK's client: RestAssured and Apache's client add
     * one of their own to a body.
     */
    private HttpResponse<String> withoutContentType(String method, String path, String body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(root.resolve(path))
                    .header("Authorization", "Bearer " + Tokens.device(tenant, "app"))
                    .header("If-Match", "\"v1\"")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
            assertThat(request.headers().firstValue("Content-Type")).isEmpty();
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void isProblem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(SyncJson.read(answer.body(), JsonNode.class).path("detail").asText()).contains("application/json");
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
    void aPushWithoutContentTypeIsRefusedWith415AndWritesNothing() {
        String entity = id();

        HttpResponse<String> answer = withoutContentType("POST", "/v1/sync/push",
                GatewayFlowTest.push(GatewayFlowTest.create(id(), entity, "x")));

        isProblem(answer, 415);
        neverWritten(entity);
    }

    @Test
    void aPatchWithoutContentTypeIsRefusedWith415AndWritesNothing() {
        String entity = id();

        HttpResponse<String> answer = withoutContentType("PATCH", "/v1/entities/notes/" + entity,
                "{\"title\":\"x\"}");

        isProblem(answer, 415);
        neverWritten(entity);
    }

    @Test
    void aPullOfACollectionTheRegistryDoesNotDeclareIsRefusedAsAPushIs() {
        Response answer = GatewayFlowTest.as(tenant, "app").queryParam("collections", "notes,nope")
                .get("/v1/sync/pull");

        isProblem(answer, 400, "not declared");
        assertThat(answer.jsonPath().getList("errors.code")).containsExactly(ChangeValidator.UNKNOWN_COLLECTION);
    }

    /** A limit that is no whole number, or beyond what any limit can be, names the parameter (never a 404). */
    static Stream<Arguments> badLimits() {
        return Stream.of(
                Arguments.of("/v1/sync/pull", "abc"),
                Arguments.of("/v1/sync/pull", "99999999999999999999"),
                Arguments.of("/v1/sync/pull", "1.5"),
                Arguments.of("/v1/conflicts", "abc"),
                Arguments.of("/v1/conflicts", "99999999999999999999"));
    }

    @ParameterizedTest(name = "{0}?limit={1}")
    @MethodSource("badLimits")
    void aLimitThatIsNoWholeNumberIsA400NamingTheParameter(String path, String limit) {
        String token = path.startsWith("/v1/conflicts") ? Tokens.operator(tenant, "ops") : Tokens.device(tenant, "app");

        Response answer = given().auth().oauth2(token).queryParam("collections", "notes")
                .queryParam("limit", limit).get(path);

        isProblem(answer, 400, "limit");
    }

    /**
     * A request line or header section beyond the HTTP server's limits is refused before any resource runs, yet the
     * answer is a problem the OpenAPI document declares, not the bare status of the HTTP codec. Sent over a plain
     * socket: HTTP clients refuse to send such requests themselves.
     */
    static Stream<Arguments> oversizeRequests() {
        String pull = "/v1/sync/pull?collections=notes&cursor=";
        return Stream.of(
                Arguments.of("a request line of 6,000 characters", 414, ProblemTypes.URI_TOO_LONG,
                        "GET " + pull + "c".repeat(6000) + " HTTP/1.1\r\n"),
                Arguments.of("a header of 30 KiB", 431, ProblemTypes.HEADERS_TOO_LARGE,
                        "GET " + pull + " HTTP/1.1\r\nX-Padding: " + "p".repeat(30 * 1024) + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversizeRequests")
    void anOversizeRequestLineOrHeaderIsAProblemTheDocumentDeclares(String what, int status, String type,
            String requestHead) throws IOException {
        RawAnswer answer = RawAnswer.of(root, requestHead + "Host: localhost\r\nConnection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        JsonNode problem = SyncJson.read(answer.body(), JsonNode.class);
        assertThat(problem.path("type").asText()).isEqualTo(ProblemTypes.uri(type));
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        OpenApiAnswers document = new OpenApiAnswers(
                SyncJson.read(given().get("/q/openapi?format=json").asString(), JsonNode.class));
        assertThat(document.violations("GET", "/v1/sync/pull", status, answer.header("content-type"), answer.body()))
                .isEmpty();
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
