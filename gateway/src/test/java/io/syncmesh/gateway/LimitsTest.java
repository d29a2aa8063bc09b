package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.isOneOf;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Per-device rate limits and back-pressure, on a gateway with tight settings: a flooding device gets 429 with
 * Retry-After and its refused pushes write nothing, while another device of its tenant is served; a push larger than
 * what may wait for Kafka gets 503 with Retry-After at once, and writes nothing.
 */
@QuarkusTest
@TestProfile(LimitsTest.Tight.class)
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true)
class LimitsTest {

    public static class Tight implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("syncmesh.limits.device.rate", "0.5", "syncmesh.limits.device.burst", "4",
                    "syncmesh.push.max-in-flight", "3");
        }
    }

    private static String tenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static Response push(String tenant, String device, String... entities) {
        List<String> changes = new ArrayList<>();
        for (String entity : entities) {
            changes.add(GatewayFlowTest.create(UUID.randomUUID().toString(), entity, "x"));
        }
        return GatewayFlowTest.as(tenant, device).contentType("application/json")
                .body(GatewayFlowTest.push(changes.toArray(String[]::new))).post("/v1/sync/push");
    }

    @Test
    void aFloodingDeviceGets429WithRetryAfterWritesNothingRefusedAndItsNeighbourIsServed() {
        String tenant = tenant();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String entity = "flood-" + i;
            Response answer = push(tenant, "noisy", entity);
            assertThat(answer.statusCode()).as("push %d", i).isIn(202, 429);
            if (answer.statusCode() == 429) {
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.jsonPath().getString("type"))
                        .isEqualTo("https://syncmesh.dev/problems/too-many-requests");
                assertThat(Integer.parseInt(answer.header("Retry-After"))).isBetween(1, 2);
                refused.add(entity);
            }
        }

        assertThat(refused).as("a burst of 4 at 0.5/s admits at most 5 of 10").hasSizeGreaterThanOrEqualTo(5);
        push(tenant, "quiet", "calm-1").then().statusCode(202);
        refused.forEach(entity -> NothingWritten.toEntity(tenant, entity));
    }

    @Test
    void aPushLargerThanWhatMayWaitForKafkaGets503AtOnceAndWritesNothing() {
        String tenant = tenant();

        Response answer = push(tenant, "batcher", "b-1", "b-2", "b-3", "b-4");

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        assertThat(answer.jsonPath().getString("type")).isEqualTo("https://syncmesh.dev/problems/unavailable");
        assertThat(answer.time()).as("answered without waiting for Kafka").isLessThan(2_000L);
        push(tenant, "batcher", "b-5").then().statusCode(202);
        List.of("b-1", "b-2", "b-3", "b-4").forEach(entity -> NothingWritten.toEntity(tenant, entity));
    }

    @Test
    void everyAnswerOfARefusedCallerIsAProblemNotAStackTrace() {
        String tenant = tenant();
        for (int i = 0; i < 6; i++) {
            given().auth().oauth2(Tokens.device(tenant, "poller")).queryParam("collections", "notes")
                    .get("/v1/sync/pull").then().statusCode(isOneOf(200, 429));
        }
        given().auth().oauth2(Tokens.device(tenant, "poller")).queryParam("collections", "notes")
                .get("/v1/sync/pull").then().statusCode(429).contentType("application/problem+json")
                .body("detail", not(containsString("Exception")));
    }
}
