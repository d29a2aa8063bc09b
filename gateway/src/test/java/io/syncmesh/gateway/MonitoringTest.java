package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.RepositoryRoot;

/**
 * The Grafana dashboards under deploy/monitoring/dashboards against the whole running mesh: after ordinary traffic
 * (pushes, a merge, a manual conflict, pulls, telemetry, a dead letter), every query parses and every metric it selects
 * is exposed by some service; a broken dashboard is caught.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = GatewayMeshResource.WITH_CONFLICT_SERVICE, value = "true"))
class MonitoringTest {

    /** The management interface (health, metrics); the annotation's URL carries its root path, /q. */
    @TestHTTPResource(value = "/", management = true)
    URI management;

    private String managementRoot() {
        return "http://" + management.getHost() + ":" + management.getPort();
    }

    private static final Path DASHBOARDS = RepositoryRoot.find().resolve("deploy/monitoring/dashboards");
    private static final List<String> SERVICES = List.of("sync-service", "conflict-service", "metrics-service");

    static RequestSpecification as(String tenant, String device) {
        return given().auth().oauth2(Tokens.device(tenant, device));
    }

    static void push(String tenant, String device, String changes) {
        as(tenant, device).contentType("application/json").header("Prefer", "wait=20")
                .body("{\"changes\":[" + changes + "]}").post("/v1/sync/push").then().statusCode(200);
    }

    @Test
    void everyDashboardQueryParsesAndSelectsMetricsTheMeshExposes() throws Exception {
        driveTraffic();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(
                () -> assertThat(DashboardChecker.problems(DASHBOARDS, exposedByTheMesh())).isEmpty());
        assertThat(DashboardChecker.queries(DASHBOARDS)).hasSizeGreaterThan(40);
    }

    @Test
    void aDashboardWithAnUnknownMetricOrABrokenQueryIsCaught() throws Exception {
        Path broken = Files.createTempDirectory("broken-dashboards");
        Files.writeString(broken.resolve("broken.json"),
                """
                        {"title":"broken","panels":[
                          {"title":"unknown metric","targets":[{"expr":"sum(rate(syncmesh_no_such_metric{}[5m]))"}]},
                          {"title":"bad syntax","targets":[{"expr":"sum by (x (rate(http_server_requests_seconds_count{}[5m]))"}]}
                        ]}""");

        List<String> problems = DashboardChecker.problems(broken, Set.of("http_server_requests_seconds_count"));

        assertThat(problems).anyMatch(p -> p.contains("no service exposes syncmesh_no_such_metric"))
                .anyMatch(p -> p.startsWith("a query does not parse"));
    }

    private static void driveTraffic() {
        String tenant = "t-" + UUID.randomUUID().toString().substring(0, 12);
        List<String> creates = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            creates.add("""
                    {"changeId":"%s","collection":"notes","entityId":"n%d","op":"create","fields":{"title":"t"}}"""
                    .formatted(UUID.randomUUID(), i));
        }
        push(tenant, "dev-a", String.join(",", creates));
        push(tenant, "dev-a", update("notes", "n0", 1, "{\"title\":\"from A\"}"));
        push(tenant, "dev-b", update("notes", "n0", 1, "{\"title\":\"from B\"}"));
        push(tenant, "dev-a", """
                {"changeId":"%s","collection":"budgets","entityId":"b1","op":"create","fields":{"amount":1}}"""
                .formatted(UUID.randomUUID()));
        push(tenant, "dev-a", update("budgets", "b1", 1, "{\"amount\":2}"));
        push(tenant, "dev-b", update("budgets", "b1", 1, "{\"amount\":3}"));
        as(tenant, "dev-a").queryParam("collections", "notes").get("/v1/sync/pull").then().statusCode(200);
        as(tenant, "dev-a").get("/v1/entities/notes/n0").then().statusCode(200);
        as(tenant, "dev-a").contentType("application/json").body("""
                {"queueLength":2,"cycles":[{"durationMs":700,"outcome":"ok"},{"durationMs":90,"outcome":"failed"}],
                 "attempts":[{"changeId":"c-1","attempts":1},{"changeId":"c-2","attempts":40}]}""")
                .post("/v1/telemetry").then().statusCode(202);
        given().auth().oauth2(Tokens.operator(tenant, "ops-1")).get("/v1/conflicts").then().statusCode(200);
        given().auth().oauth2(Tokens.operator(tenant, "ops-1")).get("/v1/alerts").then().statusCode(200);
        try (MeshTopics topics = new MeshTopics(System.getProperty(GatewayMeshResource.BOOTSTRAP_PROPERTY))) {
            topics.sendRaw(tenant + "/notes/poison", "{not a change envelope");
        }
    }

    private static String update(String collection, String entityId, long base, String fields) {
        return """
                {"changeId":"%s","collection":"%s","entityId":"%s","op":"update","baseVersion":%d,"fields":%s}"""
                .formatted(UUID.randomUUID(), collection, entityId, base, fields);
    }

    private Set<String> exposedByTheMesh() {
        Set<String> names = new TreeSet<>(DashboardChecker.exposedIn(given().baseUri(managementRoot())
                .get("/q/metrics").asString()));
        for (String service : SERVICES) {
            String url = System.getProperty(GatewayMeshResource.SERVICE_URL_PROPERTY + service);
            names.addAll(DashboardChecker.exposedIn(given().baseUri(url).get("/q/metrics").asString()));
        }
        return names;
    }
}
