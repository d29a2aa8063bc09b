package io.syncmesh.gateway;

import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

/**
 * Shows that a refused request wrote nothing to an entity: creating it afterwards, from another device of the tenant,
 * is applied at version 1. The create travels the same partition (same key) as the refused change would have, so it
 * cannot overtake it.
 */
final class NothingWritten {

    private NothingWritten() {
    }

    static void toEntity(String tenant, String entity) {
        GatewayFlowTest.as(tenant, "checker-" + UUID.randomUUID().toString().substring(0, 8))
                .contentType("application/json").header("Prefer", "wait=20")
                .body(GatewayFlowTest.push(GatewayFlowTest.create(UUID.randomUUID().toString(), entity, "later")))
                .post("/v1/sync/push").then().statusCode(200)
                .body("receipts[0].status", equalTo("applied"), "receipts[0].version", equalTo(1));
    }
}
