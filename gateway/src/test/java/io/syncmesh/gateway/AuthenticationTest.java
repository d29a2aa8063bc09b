package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.security.KeyPairGenerator;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.syncmesh.devstack.DevTokens;

/** Only a valid RS256 token with a tenant gets in; everything else is 401 problem details. */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true)
class AuthenticationTest {

    private static void refused(String token) {
        var request = given();
        if (token != null) {
            request = request.auth().oauth2(token);
        }
        request.queryParam("collections", "notes").get("/v1/sync/pull")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://syncmesh.dev/problems/unauthorized"));
    }

    @Test
    void aValidTokenIsAccepted() {
        given().auth().oauth2(Tokens.device("t-auth", "dev-a")).queryParam("collections", "notes")
                .get("/v1/sync/pull").then().statusCode(200);
    }

    @Test
    void noTokenIsRefused() {
        refused(null);
    }

    @Test
    void expiredTokenIsRefused() {
        refused(Tokens.valid("t-auth", "dev-a").issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(Tokens.keys()));
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        refused(Tokens.valid("t-auth", "dev-a").signWith(generator.generateKeyPair().getPrivate(), "RS256"));
    }

    @Test
    void unsecuredAlgNoneTokenIsRefused() {
        refused(Tokens.valid("t-auth", "dev-a").unsecured());
    }

    @Test
    void tokenWithoutTenantIsRefused() {
        refused(DevTokens.builder().issuer(GatewayMeshResource.ISSUER).device("dev-a").groups("device")
                .sign(Tokens.keys()));
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() {
        refused(DevTokens.builder().issuer("https://elsewhere.example").tenant("t-auth").device("dev-a")
                .sign(Tokens.keys()));
    }

    @Test
    void tamperedTokenIsRefused() {
        String token = Tokens.device("t-auth", "dev-a");
        String[] parts = token.split("\\.");
        String otherClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"iss\":\"https://syncmesh.dev/test\",\"tenant\":\"t-other\",\"device\":\"dev-a\",\"exp\":9999999999}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        refused(parts[0] + "." + otherClaims + "." + parts[2]);
    }

    @Test
    void operatorTokenWithoutTheDeviceRoleCannotActAsADevice() {
        String operator = DevTokens.builder().issuer(GatewayMeshResource.ISSUER).tenant("t-auth").device("ops-1")
                .groups("operator").sign(Tokens.keys());
        given().auth().oauth2(operator).queryParam("collections", "notes").get("/v1/sync/pull")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/forbidden"));
        given().auth().oauth2(operator).contentType("application/json").body("{\"changes\":[]}")
                .post("/v1/sync/push").then().statusCode(403);
    }
}
