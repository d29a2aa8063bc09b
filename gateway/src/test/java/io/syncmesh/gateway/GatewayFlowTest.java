package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Devices through the gateway, with the real sync-service, Kafka and PostgreSQL behind it. */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true)
class GatewayFlowTest {

    private static final Pattern URI_LABEL = Pattern.compile(
            "^http_server_requests_seconds_count\\{[^}]*uri=\"([^\"]*)\"",
            Pattern.MULTILINE);
    private static final Pattern REQUEST_COUNT = Pattern.compile("^http_server_requests_seconds_count\\{.*} (\\S+)$",
            Pattern.MULTILINE);

    /** The management interface (health, metrics); the annotation's URL carries its root path, /q. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private String managementRoot() {
        return "http://" + management.getHost() + ":" + management.getPort();
    }

    static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    static RequestSpecification as(String tenant, String device) {
        return given().auth().oauth2(Tokens.device(tenant, device));
    }

    static String create(String changeId, String entityId, String title) {
        return """
                {"changeId":"%s","collection":"notes","entityId":"%s","op":"create",
                 "fields":{"title":"%s"},"deviceSeq":1}""".formatted(changeId, entityId, title);
    }

    static String push(String... changes) {
        return "{\"changes\":[" + String.join(",", changes) + "]}";
    }

    static JsonPath pull(String tenant, String device) {
        return as(tenant, device).queryParam("collections", "notes").get("/v1/sync/pull")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void deviceAPushesAndDeviceBPullsTheEntityWithWaitGivingTheAppliedVersion() {
        String tenant = tenant();
        String changeId = id();
        as(tenant, "dev-a").contentType("application/json").header("Prefer", "wait=20")
                .body(push(create(changeId, "n1", "Milk"))).post("/v1/sync/push")
                .then().statusCode(200)
                .header("Preference-Applied", "wait=20")
                .body("receipts[0].changeId", equalTo(changeId), "receipts[0].status", equalTo("applied"),
                        "receipts[0].version", equalTo(1), "receipts[0].etag", equalTo("v1"));

        JsonPath page = pull(tenant, "dev-b");
        assertThat(page.getList("entities.id")).containsExactly("n1");
        assertThat(page.getString("entities[0].fields.title")).isEqualTo("Milk");
        assertThat(page.getString("entities[0].updatedBy")).isEqualTo("dev-a");
    }

    @Test
    void waitAnswersPendingForAChangeThatIsNotFinalInTime() {
        String tenant = tenant();
        as(tenant, "dev-a").contentType("application/json").header("Prefer", "wait=20")
                .body(push(create(id(), "p1", "base"))).post("/v1/sync/push").then().statusCode(200);
        as(tenant, "dev-a").contentType("application/json").header("Prefer", "wait=20")
                .body(push("""
                        {"changeId":"%s","collection":"notes","entityId":"p1","op":"update","baseVersion":1,
                         "fields":{"title":"from A"},"deviceSeq":2}""".formatted(id())))
                .post("/v1/sync/push").then().statusCode(200).body("receipts[0].status", equalTo("applied"));

        // dev-b edits the same base concurrently: the change goes to the conflict path, and no conflict-service
        // answers in this test, so it is still pending when the wait of 2 s ends.
        String concurrent = id();
        long started = System.nanoTime();
        as(tenant, "dev-b").contentType("application/json").header("Prefer", "wait=2")
                .body(push("""
                        {"changeId":"%s","collection":"notes","entityId":"p1","op":"update","baseVersion":1,
                         "fields":{"title":"from B"},"deviceSeq":1}""".formatted(concurrent)))
                .post("/v1/sync/push").then().statusCode(200)
                .body("receipts[0].changeId", equalTo(concurrent), "receipts[0].status", equalTo("pending"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2))
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void pushWithoutWaitAnswers202OnceDurableAndTheChangeIsAppliedAfterwards() {
        String tenant = tenant();
        String changeId = id();
        as(tenant, "dev-a").contentType("application/json").body(push(create(changeId, "n2", "Eggs")))
                .post("/v1/sync/push")
                .then().statusCode(202).body("accepted", equalTo(List.of(changeId)), "rejected.size()", equalTo(0));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(pull(tenant, "dev-a").getList("entities.id")).containsExactly("n2"));
        // The pushing device gets its receipt in pull.
        assertThat(pull(tenant, "dev-a").getList("receipts.changeId")).contains(changeId);
    }

    @Test
    void etagFlowGivesNotModifiedPreconditionFailedAndPreconditionRequired() {
        String tenant = tenant();
        as(tenant, "dev-a").contentType("application/json").header("Prefer", "wait=20")
                .body(push(create(id(), "e1", "v1 title"))).post("/v1/sync/push").then().statusCode(200);

        as(tenant, "dev-a").get("/v1/entities/notes/e1").then().statusCode(200).header("ETag", "\"v1\"")
                .body("fields.title", equalTo("v1 title"));
        as(tenant, "dev-a").header("If-None-Match", "\"v1\"").get("/v1/entities/notes/e1").then().statusCode(304);

        as(tenant, "dev-a").contentType("application/json").header("If-Match", "\"v1\"")
                .body("{\"title\":\"v2 title\"}").patch("/v1/entities/notes/e1")
                .then().statusCode(200).header("ETag", "\"v2\"").body("fields.title", equalTo("v2 title"));

        as(tenant, "dev-b").contentType("application/json").header("If-Match", "\"v1\"")
                .header("Prefer", "conflict=reject").body("{\"title\":\"stale\"}").patch("/v1/entities/notes/e1")
                .then().statusCode(412).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/precondition-failed"),
                        "entity.version", equalTo(2), "entity.fields.title", equalTo("v2 title"));

        as(tenant, "dev-b").contentType("application/json").body("{\"title\":\"no base\"}")
                .patch("/v1/entities/notes/e1")
                .then().statusCode(428).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/precondition-required"));
        as(tenant, "dev-a").get("/v1/entities/notes/e1").then().header("ETag", "\"v2\"");
    }

    @Test
    void ifNoneMatchStarIsNotModifiedForAnExistingEntityAndNotFoundForAMissingOne() {
        String tenant = tenant();
        String entity = id();
        as(tenant, "dev-a").contentType("application/json").header("Prefer", "wait=20")
                .body(push(create(id(), entity, "t"))).post("/v1/sync/push").then().statusCode(200);

        // RFC 9110 13.1.2: "*" matches any current representation.
        as(tenant, "dev-a").header("If-None-Match", "*").get("/v1/entities/notes/{id}", entity)
                .then().statusCode(304).header("ETag", "\"v1\"");
        as(tenant, "dev-a").header("If-None-Match", "\"v7\", \"v1\"").get("/v1/entities/notes/{id}", entity)
                .then().statusCode(304);
        as(tenant, "dev-a").header("If-None-Match", "\"v7\"").get("/v1/entities/notes/{id}", entity)
                .then().statusCode(200);
        as(tenant, "dev-a").header("If-None-Match", "*").get("/v1/entities/notes/{id}", id())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void deleteWithIfMatchLeavesATombstone() {
        String tenant = tenant();
        as(tenant, "dev-a").contentType("application/json").header("Prefer", "wait=20")
                .body(push(create(id(), "d1", "doomed"))).post("/v1/sync/push").then().statusCode(200);
        as(tenant, "dev-a").header("If-Match", "\"v1\"").delete("/v1/entities/notes/d1")
                .then().statusCode(200).header("ETag", "\"v2\"").body("deleted", equalTo(true));
    }

    @Test
    void retriedPushGetsTheOriginalReceiptsAndAppliesNothingTwice() {
        String tenant = tenant();
        String changeId = id();
        String body = push(create(changeId, "r1", "once"));
        as(tenant, "dev-a").contentType("application/json").header("Prefer", "wait=20").body(body)
                .post("/v1/sync/push").then().statusCode(200).body("receipts[0].status", equalTo("applied"));

        as(tenant, "dev-a").contentType("application/json").header("Prefer", "wait=20").body(body)
                .post("/v1/sync/push").then().statusCode(200)
                .body("receipts[0].status", equalTo("duplicate"), "receipts[0].originalStatus", equalTo("applied"),
                        "receipts[0].version", equalTo(1));
        as(tenant, "dev-a").get("/v1/entities/notes/r1").then().statusCode(200).header("ETag", "\"v1\"");
    }

    @Test
    void anotherTenantCanNeitherReadNorChangeTheSameCollectionAndIds() {
        String tenantA = tenant();
        String tenantB = tenant();
        as(tenantA, "dev-a").contentType("application/json").header("Prefer", "wait=20")
                .body(push(create(id(), "shared", "A's"))).post("/v1/sync/push").then().statusCode(200);

        as(tenantB, "dev-a").get("/v1/entities/notes/shared").then().statusCode(404)
                .contentType("application/problem+json");
        assertThat(pull(tenantB, "dev-a").getList("entities")).isEmpty();
        as(tenantB, "dev-a").contentType("application/json").header("If-Match", "\"v1\"")
                .body("{\"title\":\"B's\"}").patch("/v1/entities/notes/shared")
                .then().statusCode(404).contentType("application/problem+json");
        as(tenantA, "dev-a").get("/v1/entities/notes/shared").then().statusCode(200).header("ETag", "\"v1\"")
                .body("fields.title", equalTo("A's"));
    }

    @Test
    void badChangesAreRejectedAloneWhileTheRestGoOn() {
        String tenant = tenant();
        String good = id();
        String unknownOp = """
                {"changeId":"%s","collection":"notes","entityId":"x","op":"upsert","fields":{"a":1}}""".formatted(id());
        String badEntityId = create(id(), "bad id!", "x");
        as(tenant, "dev-a").contentType("application/json")
                .body(push(unknownOp, create(good, "fine", "ok"), badEntityId)).post("/v1/sync/push")
                .then().statusCode(202)
                .body("accepted", equalTo(List.of(good)), "rejected.size()", equalTo(2),
                        "rejected.code", hasItem("invalid-change"), "rejected.code", hasItem("invalid-entity-id"));
    }

    @Test
    void malformedAndOversizeRequestsGetProblemDetailsAndWriteNothing() {
        String tenant = tenant();
        as(tenant, "dev-a").contentType("application/json").body("{\"changes\": [").post("/v1/sync/push")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/invalid-request"));
        as(tenant, "dev-a").contentType("application/json").body("[1,2,3]").post("/v1/sync/push")
                .then().statusCode(400).contentType("application/problem+json");
        as(tenant, "dev-a").contentType("application/json")
                .body(push("""
                        {"changeId":"%s","collection":"notes","entityId":"x","op":"upsert"}""".formatted(id())))
                .post("/v1/sync/push")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].code", equalTo("invalid-change"));
        as(tenant, "dev-a").contentType("application/json").body(push(create("bad id!", "x", "y")))
                .post("/v1/sync/push")
                .then().statusCode(400).body("errors[0].code", equalTo("invalid-change-id"));

        String[] tooMany = new String[501];
        for (int i = 0; i < tooMany.length; i++) {
            tooMany[i] = create(id(), "many" + i, "m");
        }
        as(tenant, "dev-a").contentType("application/json").body(push(tooMany)).post("/v1/sync/push")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/payload-too-large"));
        String huge = "x".repeat(1024 * 1024);
        as(tenant, "dev-a").contentType("application/json").body(push(create(id(), "huge", huge)))
                .post("/v1/sync/push")
                .then().statusCode(413).contentType("application/problem+json");

        assertThat(pull(tenant, "dev-a").getList("entities")).isEmpty();
    }

    @Test
    void openApiDocumentDescribesThePublicEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/v1/sync/push'.post", org.hamcrest.Matchers.notNullValue(),
                        "paths.'/v1/sync/pull'.get", org.hamcrest.Matchers.notNullValue(),
                        "components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void healthAndMetricsAreServedOnTheManagementPortAndNotOnThePublicOne() {
        given().baseUri(managementRoot()).get("/q/health/ready").then().statusCode(200);
        as(tenant(), "dev-a").contentType("application/json").body(push(create(id(), "metric", "m")))
                .post("/v1/sync/push").then().statusCode(202);
        assertThat(given().baseUri(managementRoot()).get("/q/metrics").then().statusCode(200).extract()
                .asString()).contains("http_server_requests_seconds", "kafka_producer_");

        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live")) {
            given().get(path).then().statusCode(404);
        }
    }

    /**
     * Requests that no resource serves, or that carry no valid token, must not create a metric series per path: a
     * scanner or a flood of random paths would otherwise grow the metrics without bound. Each kind of request may add
     * its one series the first time; 50 more of each, to distinct paths, add none.
     */
    @Test
    void unauthenticatedAndUnmatchedRequestsCreateNoMetricSeriesPerPath() {
        List<Consumer<String>> kinds = List.of(
                random -> given().contentType("application/json").body("{}").post("/v1/entities/notes/" + random),
                random -> given().get("/v1/entities/notes/" + random),
                random -> given().contentType("application/json").body("{}")
                        .post("/v1/conflicts/" + random + "/resolve"),
                random -> given().get("/" + random),
                random -> as(tenant(), "dev-a").get("/v1/" + random + "/x"));
        kinds.forEach(kind -> kind.accept(id()));
        await().atMost(Duration.ofSeconds(10)).until(() -> requestsCounted() >= kinds.size());
        Set<String> before = uriLabels();
        double counted = requestsCounted();

        for (int i = 0; i < 50; i++) {
            String random = id();
            kinds.forEach(kind -> kind.accept(random));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> requestsCounted() >= counted + 50 * kinds.size());
        Set<String> grown = new TreeSet<>(uriLabels());
        grown.removeAll(before);
        assertThat(grown).as("uri labels added by 50 requests of each kind to distinct paths")
                .hasSizeLessThanOrEqualTo(2)
                .noneMatch(uri -> uri.matches(".*[0-9a-f]{8}-[0-9a-f]{4}-.*"));
    }

    private String metrics() {
        return given().baseUri(managementRoot()).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Every request the HTTP server metrics counted, over all series. */
    private double requestsCounted() {
        double sum = 0;
        Matcher count = REQUEST_COUNT.matcher(metrics());
        while (count.find()) {
            sum += Double.parseDouble(count.group(1));
        }
        return sum;
    }

    private Set<String> uriLabels() {
        Set<String> uris = new TreeSet<>();
        Matcher uri = URI_LABEL.matcher(metrics());
        while (uri.find()) {
            uris.add(uri.group(1));
        }
        return uris;
    }
}
