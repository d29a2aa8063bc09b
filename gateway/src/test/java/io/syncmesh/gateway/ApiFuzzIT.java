package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.devstack.DevTokens;
import io.syncmesh.devstack.PackagedMesh;
import io.syncmesh.protocol.SyncJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes every operation of the gateway's own OpenAPI document against the whole packaged mesh: generated requests mix
 * valid and broken tokens (none, garbage, unsigned ones with alg none, also expired or from another issuer, the wrong
 * role), path and query values (ids, hostile strings, huge and negative numbers), bodies (valid, mutated, random JSON,
 * random bytes, deep nesting, duplicate keys, server-owned fields) and content types. Every answer must be below 500, a
 * status the document declares for the operation, with the media type and a body that the document's schema for that
 * status allows (see {@link OpenApiAnswers}), and, when an error, problem details whose status matches and that carry
 * no stack trace. The counts per operation and status go to target/api-fuzz-summary.txt.
 */
class ApiFuzzIT {

    private static final String TENANT = "t-fuzz";
    private static final Path LOGS = Path.of("target", "api-fuzz-mesh");
    /** Every field value the fuzz sends holds it, so that a log line with a value is found. */
    private static final String VALUE_MARKER = "PII-7c1e";
    private static final Set<String> METHODS = Set.of("get", "post", "patch", "put", "delete");

    private static PackagedMesh mesh;
    private static HttpClient http;
    private static List<Operation> operations;
    private static OpenApiAnswers answers;
    private static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();

    record Operation(String method, String path) {
    }

    record FuzzRequest(Operation operation, String token, String pathValue, String query, byte[] body,
            String contentType) {

        @Override
        public String toString() {
            return operation.method() + " " + operation.path() + " id=" + pathValue + " query=" + query + " type="
                    + contentType + " body=" + (body == null
                            ? "none"
                            : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
    }

    @BeforeContainer
    static void startMesh() throws Exception {
        mesh = PackagedMesh.startWithMetrics(LOGS);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> document = http.send(HttpRequest.newBuilder(mesh.gatewayUri().resolve(
                "/q/openapi?format=json")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode openApi = SyncJson.mapper().readTree(document.body());
        operations = operations(openApi);
        answers = new OpenApiAnswers(openApi);
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThanOrEqualTo(10);
    }

    @AfterContainer
    static void stopMeshAndCheckItsLogs() throws IOException {
        if (mesh != null) {
            mesh.close();
        }
        StringBuilder summary = new StringBuilder();
        new TreeMap<>(OUTCOMES).forEach((key, count) -> summary.append(key).append(' ').append(count).append('\n'));
        Files.writeString(Path.of("target", "api-fuzz-summary.txt"), summary.toString());
        // Field values carry a marker, tokens start with eyJ (base64 of '{"'): neither may reach a log.
        try (var logs = Files.list(LOGS)) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                String text = Files.readString(log);
                assertThat(text).as("%s holds a field value", log).doesNotContain(VALUE_MARKER);
                assertThat(text).as("%s holds a token", log).doesNotContain("eyJ");
                assertThat(text).as("%s holds a stack frame", log).doesNotContain("\tat io.syncmesh");
            }
        }
    }

    private static List<Operation> operations(JsonNode document) {
        List<Operation> found = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (METHODS.contains(method.getKey())) {
                found.add(new Operation(method.getKey().toUpperCase(), path.getKey()));
            }
        }));
        return found;
    }

    @Property(tries = 600, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void noRequestGetsA5xxOrAnAnswerTheDocumentDoesNotDeclare(@ForAll("requests") FuzzRequest request)
            throws Exception {
        HttpResponse<String> answer = http.send(build(request), HttpResponse.BodyHandlers.ofString());
        checkAgainstTheDocument(request.operation(), request.toString(), answer);
    }

    /**
     * Well-formed traffic of both roles (pushes with and without Prefer: wait, pulls, reads and writes of entities that
     * exist or not, telemetry, the conflict queue and the alerts), so that the success answers, not only the refusals,
     * are held to the document's schemas.
     */
    @Property(tries = 250, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void wellFormedRequestsGetAnswersTheDocumentDescribes(@ForAll("wellFormed") WellFormed request)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(mesh.gatewayUri().resolve(request.path()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + request.token());
        request.headers().forEach(builder::header);
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body());
        if (request.body() != null) {
            builder.header("Content-Type", "application/json");
        }
        HttpResponse<String> answer = http.send(builder.method(request.method(), body).build(),
                HttpResponse.BodyHandlers.ofString());
        checkAgainstTheDocument(new Operation(request.method(), request.template()), request.toString(), answer);
    }

    private static void checkAgainstTheDocument(Operation operation, String request, HttpResponse<String> answer)
            throws IOException {
        int status = answer.statusCode();
        OUTCOMES.computeIfAbsent(operation.method() + " " + operation.path() + " " + status,
                k -> new AtomicInteger()).incrementAndGet();

        assertThat(status).as("%s", request).isLessThan(500);
        String contentType = answer.headers().firstValue("Content-Type").orElse("");
        assertThat(answers.violations(operation.method(), operation.path(), status, contentType, answer.body()))
                .as("%s answered %d %s", request, status, answer.body()).isEmpty();
        if (status >= 400) {
            assertThat(contentType).as("%s", request).startsWith("application/problem+json");
            JsonNode problem = SyncJson.mapper().readTree(answer.body());
            assertThat(problem.path("status").asInt()).isEqualTo(status);
            assertThat(problem.path("type").asText()).startsWith("https://syncmesh.dev/problems/");
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("127.0.0.1");
        }
    }

    record WellFormed(String method, String template, String path, String token, Map<String, String> headers,
            String body) {

        @Override
        public String toString() {
            return method + " " + path + " " + headers + " body=" + body;
        }
    }

    @Provide
    Arbitrary<WellFormed> wellFormed() {
        Arbitrary<String> device = Arbitraries.integers().between(0, 5).map(i -> mesh.deviceToken(TENANT, "ok-" + i));
        Arbitrary<String> entity = Arbitraries.integers().between(0, 6).map(i -> "w" + i);
        Arbitrary<String> ifMatch = Arbitraries.longs().between(1, 4).map(v -> "\"v" + v + "\"");
        Arbitrary<Map<String, String>> wait = Arbitraries.of(Map.<String, String>of(), Map.of("Prefer", "wait=5"));
        String operator = mesh.operatorToken(TENANT, "ops-ok");
        return Arbitraries.oneOf(
                Combinators.combine(device, entity, Arbitraries.integers().between(0, 99999), wait)
                        .as((token, id, n, prefer) -> new WellFormed("POST", "/v1/sync/push", "/v1/sync/push", token,
                                prefer, GatewayFlowTest.push(GatewayFlowTest.create("w-" + n, id,
                                        VALUE_MARKER + n)))),
                Combinators.combine(device, Arbitraries.of("", "&limit=1", "&limit=100"))
                        .as((token, limit) -> new WellFormed("GET", "/v1/sync/pull",
                                "/v1/sync/pull?collections=notes" + limit, token, Map.of(), null)),
                Combinators.combine(device, entity).as((token, id) -> new WellFormed("GET",
                        "/v1/entities/{collection}/{id}", "/v1/entities/notes/" + id, token, Map.of(), null)),
                Combinators.combine(device, entity, ifMatch).as((token, id, version) -> new WellFormed("PATCH",
                        "/v1/entities/{collection}/{id}", "/v1/entities/notes/" + id, token,
                        Map.of("If-Match", version), "{\"title\":\"" + VALUE_MARKER + "\"}")),
                Combinators.combine(device, entity, ifMatch).as((token, id, version) -> new WellFormed("DELETE",
                        "/v1/entities/{collection}/{id}", "/v1/entities/notes/" + id, token,
                        Map.of("If-Match", version), null)),
                device.map(token -> new WellFormed("POST", "/v1/telemetry", "/v1/telemetry", token, Map.of(),
                        "{\"queueLength\":2,\"cycles\":[{\"durationMs\":70,\"outcome\":\"ok\"}]}")),
                Arbitraries.of(new WellFormed("GET", "/v1/conflicts", "/v1/conflicts", operator, Map.of(), null),
                        new WellFormed("GET", "/v1/conflicts", "/v1/conflicts?status=open&limit=5", operator,
                                Map.of(), null),
                        new WellFormed("GET", "/v1/alerts", "/v1/alerts", operator, Map.of(), null)));
    }

    private static HttpRequest build(FuzzRequest request) {
        String path = request.operation().path().replaceAll("\\{[^}]+}",
                URLEncoder.encode(request.pathValue(), StandardCharsets.UTF_8).replace("+", "%20"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(mesh.gatewayUri().resolve(path + request.query()))
                .timeout(Duration.ofSeconds(30));
        if (request.token() != null) {
            builder.header("Authorization", "Bearer " + request.token());
        }
        if (request.operation().path().startsWith("/v1/entities") && !request.operation().method().equals("GET")) {
            builder.header("If-Match", "\"v1\"");
        }
        HttpRequest.BodyPublisher body = request.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType());
        }
        return builder.method(request.operation().method(), body).build();
    }

    @Provide
    Arbitrary<FuzzRequest> requests() {
        return Combinators.combine(Arbitraries.of(operations), tokens(), pathValues(), queries(), bodies(),
                Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.just("application/json")),
                        Tuple.of(1, Arbitraries.of("text/plain", "application/xml",
                                "application/json; charset=latin1"))))
                .as(FuzzRequest::new);
    }

    private static Arbitrary<String> tokens() {
        DevTokens valid = DevTokens.builder().issuer(PackagedMesh.ISSUER).tenant(TENANT);
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 40)
                        .map(i -> mesh.deviceToken(TENANT, "fuzz-" + i))),
                Tuple.of(2, Arbitraries.just(mesh.operatorToken(TENANT, "ops-fuzz"))),
                Tuple.of(1, Arbitraries.just((String) null)),
                Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(300)),
                Tuple.of(1, Arbitraries.just(valid.device("d").groups("device").unsecured())),
                Tuple.of(1, Arbitraries.just(DevTokens.builder().issuer("https://evil.example")
                        .tenant(TENANT).device("d").groups("device").unsecured())),
                Tuple.of(1, Arbitraries.just(valid.device("d").groups("device")
                        .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                        .unsecured())));
    }

    private static Arbitrary<String> pathValues() {
        return Arbitraries.oneOf(Arbitraries.of("notes", "tasks", "n1", "nope", "00000000-0000-0000-0000-000000000000",
                "..", "%2e%2e", "a/b", "'; drop table entities; --", "\u0000", "é", " ", "x".repeat(300)),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40));
    }

    private static Arbitrary<String> queries() {
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of("notes", "tasks", "notes,tasks", "nope", "",
                "-1", "0", "1", "1000", "1001", "99999999999999999999", "abc", "true"),
                Arbitraries.strings().ofMaxLength(30));
        Arbitrary<String> names = Arbitraries.of("collections", "cursor", "limit", "collection", "status", "since",
                "device", "tenant");
        return Combinators.combine(names, values, Arbitraries.integers().between(0, 2)).as((name, value, count) -> {
            if (count == 0) {
                return "";
            }
            String pair = name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
            return count == 1 ? "?" + pair : "?collections=notes&" + pair;
        });
    }

    private static Arbitrary<byte[]> bodies() {
        String valid = GatewayFlowTest.push(GatewayFlowTest.create("c-1", "n1", VALUE_MARKER));
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((byte[]) null)),
                Tuple.of(3, Arbitraries.integers().between(0, 99999).map(i -> GatewayFlowTest.push(
                        GatewayFlowTest.create("c-" + i, "n" + (i % 7), VALUE_MARKER + i))
                        .getBytes(StandardCharsets.UTF_8))),
                Tuple.of(2, mutations(valid)),
                Tuple.of(1, Arbitraries.of("{}", "[]", "null", "1", "\"x\"", "{\"changes\":null}",
                        "{\"changes\":[null]}", "{\"changes\":[1,\"a\",[]]}", "{\"queueLength\":-1}",
                        "{\"fields\":{}}", "{\"title\":\"" + VALUE_MARKER + "\",\"title\":\"y\"}",
                        "{\"changes\":" + "[".repeat(64) + "]".repeat(64) + "}",
                        "{\"resolution\":\"keep\",\"fields\":{\"title\":1e999}}")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)));
    }

    private static Arbitrary<byte[]> mutations(String valid) {
        return Arbitraries.of(
                valid.replace("\"op\":\"create\"", "\"op\":\"explode\""),
                valid.replace("\"deviceSeq\":1", "\"deviceSeq\":-5"),
                valid.replace("\"deviceSeq\":1", "\"deviceSeq\":1,\"version\":7"),
                valid.replace("\"deviceSeq\":1", "\"deviceSeq\":1,\"tenant\":\"t-victim\""),
                valid.replace("\"notes\"", "\"../../etc\""),
                valid.replace("\"n1\"", "\"" + "n".repeat(500) + "\""),
                valid.replace(VALUE_MARKER, VALUE_MARKER + "z".repeat(70_000)),
                valid.replace("\"c-1\"", "\"\""),
                valid.substring(0, valid.length() / 2),
                valid + "garbage")
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }
}
