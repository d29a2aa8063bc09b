package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.syncmesh.devstack.MeshTopics;
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
    void aDeviceReportingAChangeRetriedTooOftenShowsUpAsAFiringAlert() {
        String tenant = tenant();
        as(tenant, "dev-r").contentType("application/json")
                .body("{\"attempts\":[{\"changeId\":\"c-9\",\"attempts\":40}]}")
                .post("/v1/telemetry").then().statusCode(202);

        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(Tokens.operator(tenant, "ops-1"))
                .get("/v1/alerts").then().statusCode(200)
                .body("alerts.find { it.name == 'change-retried-too-often' }.state", equalTo("firing")));
        List<String> names = given().auth().oauth2(Tokens.operator(tenant, "ops-1")).get("/v1/alerts")
                .then().extract().path("alerts.name");
        assertThat(names).contains("change-retried-too-often");
    }
}
