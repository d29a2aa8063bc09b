package io.syncmesh.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.syncmesh.devstack.DevTokens;
import io.syncmesh.gateway.auth.VerifiedTokens;

/**
 * Only a valid RS256 or ES256 token, from the configured issuer, for this API's audience, signed by a trusted key and
 * naming a tenant and a non-revoked device, gets in (RFC 8725). Everything else is a 401 with problem details, and a
 * push with such a token writes nothing: the same entity, pushed afterwards with a valid token, is created at version
 * 1.
 */
@QuarkusTest
@QuarkusTestResource(value = GatewayMeshResource.class, restrictToAnnotatedClass = true)
class AuthenticationTest {

    private static final String TENANT = "t-auth";

    @Inject
    JWTParser parser;

    /** The token is refused for a pull and for a push, and the push wrote nothing. */
    private static void refused(String token) {
        var pull = given();
        if (token != null) {
            pull = pull.auth().oauth2(token);
        }
        pull.queryParam("collections", "notes").get("/v1/sync/pull")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://syncmesh.dev/problems/unauthorized"));

        String entity = UUID.randomUUID().toString();
        var push = given();
        if (token != null) {
            push = push.auth().oauth2(token);
        }
        push.contentType("application/json").header("Prefer", "wait=5")
                .body(GatewayFlowTest.push(GatewayFlowTest.create(UUID.randomUUID().toString(), entity, "x")))
                .post("/v1/sync/push").then().statusCode(401).contentType("application/problem+json");
        NothingWritten.toEntity(TENANT, entity);
    }

    private static DevTokens valid() {
        return Tokens.valid(TENANT, "dev-a");
    }

    @Test
    void aValidRs256TokenIsAccepted() {
        given().auth().oauth2(valid().sign(Tokens.keys())).queryParam("collections", "notes")
                .get("/v1/sync/pull").then().statusCode(200);
    }

    @Test
    void aValidEs256TokenFromTheSecondKeyOfTheSetIsAccepted() {
        given().auth().oauth2(valid().keyId(Tokens.EC_KID).signWith(Tokens.ecKey(), "ES256"))
                .queryParam("collections", "notes").get("/v1/sync/pull").then().statusCode(200);
    }

    @Test
    void noTokenIsRefused() {
        refused(null);
    }

    @Test
    void expiredTokenIsRefused() {
        refused(valid().issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600))
                .sign(Tokens.keys()));
    }

    @Test
    void notYetValidTokenIsRefused() {
        refused(valid().notBefore(Instant.now().plusSeconds(3600)).sign(Tokens.keys()));
    }

    /** exp and nbf are checked with 60 s of clock skew (SECURITY.md): device clocks drift. */
    @Test
    void aTokenExpired30SecondsAgoIsStillAcceptedWithinTheClockSkew() {
        String token = valid().issuedAt(Instant.now().minusSeconds(600)).expiresAt(Instant.now().minusSeconds(30))
                .sign(Tokens.keys());

        // Twice: the second request may be answered from the verified tokens, and must agree with the first.
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).queryParam("collections", "notes").get("/v1/sync/pull").then()
                    .statusCode(200);
        }
    }

    @Test
    void aTokenExpired120SecondsAgoIsRefusedBeyondTheClockSkew() {
        refused(valid().issuedAt(Instant.now().minusSeconds(600)).expiresAt(Instant.now().minusSeconds(120))
                .sign(Tokens.keys()));
    }

    @Test
    void aTokenValidFrom30SecondsAheadIsAcceptedWithinTheClockSkew() {
        given().auth().oauth2(valid().notBefore(Instant.now().plusSeconds(30)).sign(Tokens.keys()))
                .queryParam("collections", "notes").get("/v1/sync/pull").then().statusCode(200);
    }

    @Test
    void aTokenValidFrom120SecondsAheadIsRefusedBeyondTheClockSkew() {
        refused(valid().notBefore(Instant.now().plusSeconds(120)).sign(Tokens.keys()));
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        refused(valid().keyId(Tokens.keys().kid()).signWith(generator.generateKeyPair().getPrivate(), "RS256"));
    }

    @Test
    void tokenNamingAnUnknownKeyIsRefused() {
        refused(valid().keyId("retired-key").sign(Tokens.keys()));
    }

    @Test
    void tokenSignedByOneTrustedKeyUnderTheOthersKidIsRefused() {
        refused(valid().keyId(Tokens.EC_KID).sign(Tokens.keys()));
    }

    @Test
    void es256TokenSignedWithAnUntrustedEcKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        refused(valid().keyId(Tokens.EC_KID).signWith(generator.generateKeyPair().getPrivate(), "ES256"));
    }

    @Test
    void unsecuredAlgNoneTokenIsRefused() {
        refused(valid().unsecured());
    }

    @Test
    void algorithmConfusionHs256WithThePublicKeyAsSecretIsRefused() throws Exception {
        refused(Tokens.hmacSignedWithThePublicKey(TENANT, "dev-a"));
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        refused(valid().audience("another-api").sign(Tokens.keys()));
    }

    @Test
    void tokenWithoutAudienceIsRefused() {
        refused(valid().audience().sign(Tokens.keys()));
    }

    @Test
    void tokenWithoutTenantIsRefused() {
        refused(DevTokens.builder().issuer(GatewayMeshResource.ISSUER).device("dev-a").groups("device")
                .sign(Tokens.keys()));
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() {
        refused(DevTokens.builder().issuer("https://elsewhere.example").tenant(TENANT).device("dev-a")
                .groups("device").sign(Tokens.keys()));
    }

    @Test
    void tamperedTokenIsRefused() {
        String[] parts = valid().sign(Tokens.keys()).split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"iss\":\"https://syncmesh.dev/test\",\"aud\":\"syncmesh\",\"tenant\":\"t-other\",\"device\":\"dev-a\",\"exp\":9999999999}"
                        .getBytes(StandardCharsets.UTF_8));
        refused(parts[0] + "." + otherClaims + "." + parts[2]);
    }

    @Test
    void aRevokedDevicesOtherwiseValidTokenIsRefused() {
        refused(Tokens.valid(Tokens.REVOKED_TENANT, Tokens.REVOKED_DEVICE).sign(Tokens.keys()));
    }

    @Test
    void aVerifiedTokenIsRememberedAndItsTamperedCopyIsStillRefused() {
        assertThat(parser).as("bearer tokens go through the table of verified tokens")
                .isInstanceOf(VerifiedTokens.class);
        String token = valid().sign(Tokens.keys());
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(token).queryParam("collections", "notes").get("/v1/sync/pull").then().statusCode(200);
        }
        String[] parts = token.split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"iss\":\"https://syncmesh.dev/test\",\"aud\":\"syncmesh\",\"tenant\":\"t-other\",\"device\":\"dev-a\",\"exp\":9999999999}"
                        .getBytes(StandardCharsets.UTF_8));

        refused(parts[0] + "." + otherClaims + "." + parts[2]);
        refused(parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse());
    }

    @Test
    void aRememberedTokenOfADeviceRevokedAfterwardsIsRefused() throws Exception {
        String device = "dev-stolen-" + UUID.randomUUID().toString().substring(0, 8);
        String token = Tokens.valid(TENANT, device).sign(Tokens.keys());
        given().auth().oauth2(token).queryParam("collections", "notes").get("/v1/sync/pull").then().statusCode(200);

        Path revoked = Path.of(ConfigProvider.getConfig().getValue("syncmesh.auth.revoked-devices-file", String.class));
        Files.writeString(revoked, TENANT + "/" + device + "\n", StandardOpenOption.APPEND);

        // The list is looked at again within a second; the remembered token must not outlive the revocation.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(token)
                .queryParam("collections", "notes").get("/v1/sync/pull").then().statusCode(401));
        refused(token);
    }

    @Test
    void operatorTokenWithoutTheDeviceRoleCannotActAsADevice() {
        String operator = DevTokens.builder().issuer(GatewayMeshResource.ISSUER).tenant(TENANT).device("ops-1")
                .groups("operator").sign(Tokens.keys());
        given().auth().oauth2(operator).queryParam("collections", "notes").get("/v1/sync/pull")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://syncmesh.dev/problems/forbidden"));
        given().auth().oauth2(operator).contentType("application/json").body("{\"changes\":[]}")
                .post("/v1/sync/push").then().statusCode(403);
    }
}
