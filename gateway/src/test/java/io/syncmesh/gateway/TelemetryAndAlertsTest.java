package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.syncmesh.devstack.MeshTopics;
import io.syncmesh.devstack.PrometheusText;
import io.syncmesh.protocol.TelemetryEvent;
import io.syncmesh.protocol.Topics;

/** Device telemetry into sync.telemetry, and the metrics-service's alerts through the gateway, on the whole mesh. */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = GatewayMeshResource.WITH_CONFLICT_SERVICE, value = "true"))
class TelemetryAndAlertsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    static MeshTopics topics;
    static MeshTopics.Recorder telemetry;

    @BeforeAll
    static void record() {
        topics = new MeshTopics(System.getProperty(GatewayMeshResource.BOOTSTRAP_PROPERTY));
        telemetry = topics.record(Topics.TELEMETRY);
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    static RequestSpecification as(String tenant, String device) {
        return given().auth().oauth2(Tokens.device(tenant, device));
    }

    @Test
    void aDevicesTelemetryIsAcceptedAndReachesSyncTelemetryWithTheTenantAndDeviceOfItsToken() {
        String tenant = tenant();
        String report = """
                {"queueLength":4,"cycles":[{"startedAt":"2026-11-24T10:00:00Z","durationMs":850,"outcome":"ok"}],
                 "attempts":[{"changeId":"c-1","attempts":3}]""";
        // Identity comes from the token only: a report that names a tenant is refused, not re-addressed.
        as(tenant, "dev-a").contentType("application/json").body(report + ",\"tenant\":\"someone-else\"}")
                .post("/v1/telemetry").then().statusCode(400).contentType("application/problem+json");
        as(tenant, "dev-a").contentType("application/json").body(report + "}").post("/v1/telemetry")
                .then().statusCode(202);

        TelemetryEvent event = await().atMost(WAIT).until(() -> telemetry.values(TelemetryEvent.class,
                e -> tenant.equals(e.tenant())), list -> !list.isEmpty()).get(0);
        assertThat(event.device()).isEqualTo("dev-a");
        assertThat(event.report().queueLength()).isEqualTo(4);
        assertThat(event.report().attempts()).singleElement()
                .satisfies(a -> assertThat(a.attempts()).isEqualTo(3));
        assertThat(telemetry.records()).filteredOn(r -> r.key().equals(tenant + "/dev-a")).hasSize(1);
    }

    @Test
    void badTelemetryIsRefusedWithTheRulesItBreaks() {
        String tenant = tenant();
        as(tenant, "dev-a").contentType("application/json").body("{\"queueLength\":-1}").post("/v1/telemetry")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.code", hasItem("invalid-queue-length"));
        as(tenant, "dev-a").contentType("application/json")
                .body("{\"cycles\":[{\"durationMs\":5,\"outcome\":\"great\"}]}").post("/v1/telemetry")
                .then().statusCode(400).body("errors.code", hasItem("invalid-cycle"));
        as(tenant, "dev-a").contentType("application/json")
                .body("{\"attempts\":[{\"changeId\":\"a b\",\"attempts\":1}]}")
                .post("/v1/telemetry").then().statusCode(400).body("errors.code", hasItem("invalid-attempts"));
        as(tenant, "dev-a").contentType("application/json").body("not json").post("/v1/telemetry")
                .then().statusCode(400).contentType("application/problem+json");
        as(tenant, "dev-a").contentType("application/json").body("{\"queueLength\":1,\"pad\":\"" + "x".repeat(70_000)
                + "\"}").post("/v1/telemetry").then().statusCode(413);
        given().contentType("application/json").body("{}").post("/v1/telemetry").then().statusCode(401);
    }

    @Test
    void operatorsReadTheActiveAlertsAndDevicesMayNot() {
        String tenant = tenant();
        given().auth().oauth2(Tokens.operator(tenant, "ops-1")).get("/v1/alerts").then().statusCode(200)
                .body("alerts", notNullValue());
        as(tenant, "dev-a").get("/v1/alerts").then().statusCode(403);
    }

    @Test
    void oneDeviceWithAChangeRetriedTooOftenDoesNotAlertButAShareOfTheDevicesDoes() {
        String tenant = tenant();
        for (int i = 0; i < 39; i++) {
            report(tenant, "dev-ok-" + i, 2);
        }
        report(tenant, "dev-stuck-0", 40);
        // The metrics-service's device gauges hold what its rules saw in their last evaluation: once they count these
        // 40 devices, the active alerts are those of that evaluation or a later one. Devices of other tests may be in
        // the 5-minute window too (hence "at least"); a stray retrying one among them still makes fewer than 3.
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(metricsService("syncmesh_devices_reporting_5m")).isGreaterThanOrEqualTo(40);
            assertThat(metricsService("syncmesh_devices_retrying_5m")).isGreaterThanOrEqualTo(1);
        });
        assertThat(activeAlertNames(tenant)).as("one device of 40 with a stuck change pages no one")
                .doesNotContain("change-retried-too-often");

        for (int i = 1; i < 10; i++) {
            report(tenant, "dev-stuck-" + i, 40);
        }

        // 10 of about 49 devices: far above 5 % and at least 3 devices.
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(Tokens.operator(tenant, "ops-1"))
                .get("/v1/alerts").then().statusCode(200)
                .body("alerts.find { it.name == 'change-retried-too-often' }.state", equalTo("firing")));
        assertThat(metricsService("syncmesh_devices_retrying_5m")).isGreaterThanOrEqualTo(10);
    }

    private static void report(String tenant, String device, int attempts) {
        as(tenant, device).contentType("application/json")
                .body("{\"attempts\":[{\"changeId\":\"c-9\",\"attempts\":" + attempts + "}]}")
                .post("/v1/telemetry").then().statusCode(202);
    }

    private static List<String> activeAlertNames(String tenant) {
        return given().auth().oauth2(Tokens.operator(tenant, "ops-1")).get("/v1/alerts").then().statusCode(200)
                .extract().path("alerts.name");
    }

    private static double metricsService(String metric) {
        String url = System.getProperty(GatewayMeshResource.SERVICE_URL_PROPERTY + "metrics-service");
        return PrometheusText.sum(PrometheusText.get(url, "/q/metrics"), metric, Map.of());
    }
}
