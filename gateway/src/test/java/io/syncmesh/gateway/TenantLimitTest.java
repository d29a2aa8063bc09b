package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A tenant whose devices together exceed the tenant's rate is refused with 429; another tenant is not. */
@QuarkusTest
@TestProfile(TenantLimitTest.Tight.class)
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true)
class TenantLimitTest {

    public static class Tight implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("syncmesh.limits.tenant.rate", "0.2", "syncmesh.limits.tenant.burst", "6");
        }
    }

    private static int pull(String tenant, String device) {
        return given().auth().oauth2(Tokens.device(tenant, device)).queryParam("collections", "notes")
                .get("/v1/sync/pull").statusCode();
    }

    @Test
    void aTenantOverItsRateIsRefusedWhileAnotherTenantIsServed() {
        String busy = "t-" + UUID.randomUUID().toString().substring(0, 12);
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            int status = pull(busy, "device-" + i);
            assertThat(status).isIn(200, 429);
            refused += status == 429 ? 1 : 0;
        }

        assertThat(refused).as("a burst of 6 at 0.2/s admits at most 7 of 10").isGreaterThanOrEqualTo(3);
        assertThat(pull("t-" + UUID.randomUUID().toString().substring(0, 12), "device-0")).isEqualTo(200);
    }
}
