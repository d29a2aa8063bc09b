package io.syncmesh.gateway;

import java.nio.file.Path;

import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevTokens;

/** Tokens for the tests, signed with the key pair the gateway under test trusts. */
final class Tokens {

    private Tokens() {
    }

    static DevKeys keys() {
        return DevKeys.loadOrCreate(Path.of(System.getProperty(GatewayMeshResource.KEY_DIR_PROPERTY)));
    }

    static DevTokens valid(String tenant, String device) {
        return DevTokens.builder().issuer(GatewayMeshResource.ISSUER).tenant(tenant).device(device)
                .groups("device");
    }

    static String device(String tenant, String device) {
        return valid(tenant, device).sign(keys());
    }

    /** An operator of the tenant (the conflict queue); {@code name} is its subject. */
    static String operator(String tenant, String name) {
        return valid(tenant, name).groups("operator").sign(keys());
    }
}
