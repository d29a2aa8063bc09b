package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class DevTokensTest {

    private static final DevKeys KEYS = DevKeys.generate();

    @Test
    void aSignedTokenVerifiesWithTheDevPublicKeyAndCarriesEveryClaim() throws Exception {
        Instant iat = Instant.parse("2026-01-02T03:04:05.678Z");

        String token = DevTokens.builder().issuer("https://syncmesh.dev/dev").audience("syncmesh").subject("dev-7")
                .tenant("acme").device("dev-7").groups("device", "admin").issuedAt(iat)
                .notBefore(iat.minusSeconds(30)).expiresAt(iat.plus(Duration.ofMinutes(10)))
                .claim("scope", "sync").sign(KEYS);

        JwtParts jwt = JwtParts.of(token);
        assertThat(jwt.verifiesRs256(KEYS.publicKey())).isTrue();
        assertThat(jwt.headerJson().toString())
                .isEqualTo("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEYS.kid() + "\"}");
        JsonNode claims = jwt.claims();
        assertThat(claims.get("iss").asText()).isEqualTo("https://syncmesh.dev/dev");
        assertThat(claims.get("aud").asText()).isEqualTo("syncmesh");
        assertThat(claims.get("sub").asText()).isEqualTo("dev-7");
        assertThat(claims.get("tenant").asText()).isEqualTo("acme");
        assertThat(claims.get("device").asText()).isEqualTo("dev-7");
        assertThat(claims.get("groups").toString()).isEqualTo("[\"device\",\"admin\"]");
        assertThat(claims.get("scope").asText()).isEqualTo("sync");
        assertThat(claims.get("iat").isIntegralNumber()).as("NumericDate").isTrue();
        assertThat(claims.get("iat").asLong()).isEqualTo(1767323045L);
        assertThat(claims.get("nbf").asLong()).isEqualTo(1767323015L);
        assertThat(claims.get("exp").asLong()).isEqualTo(1767323645L);
        assertThat(token).doesNotContain("=").matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    void issuedAtDefaultsToNowAndExpiryToOneHourLater() throws Exception {
        long before = Instant.now().getEpochSecond();

        JsonNode claims = JwtParts.of(DevTokens.builder().tenant("t").sign(KEYS)).claims();

        long after = Instant.now().getEpochSecond();
        assertThat(claims.get("iat").asLong()).isBetween(before, after);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);
        assertThat(claims.has("nbf")).isFalse();
        assertThat(claims.has("groups")).isFalse();
    }

    @Test
    void aTokenSignedWithAnotherKeyDoesNotVerifyWithTheDevPublicKey() throws Exception {
        DevKeys other = DevKeys.generate();

        String token = DevTokens.builder().tenant("acme").keyId(KEYS.kid()).signWith(other.privateKey(), "RS256");

        JwtParts jwt = JwtParts.of(token);
        assertThat(jwt.verifiesRs256(KEYS.publicKey())).isFalse();
        assertThat(jwt.verifiesRs256(other.publicKey())).isTrue();
        assertThat(jwt.headerJson().get("kid").asText()).as("claims the dev key").isEqualTo(KEYS.kid());
    }

    @Test
    void signWithAnEcKeyProducesAFixedLengthEs256Signature() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();

        JwtParts jwt = JwtParts.of(DevTokens.builder().tenant("acme").signWith(ec.getPrivate(), "ES256"));

        assertThat(jwt.headerJson().toString()).isEqualTo("{\"alg\":\"ES256\",\"typ\":\"JWT\"}");
        assertThat(java.util.Base64.getUrlDecoder().decode(jwt.signature())).hasSize(64);
        assertThat(jwt.verifiesWith(ec.getPublic(), "SHA256withECDSAinP1363Format")).isTrue();
    }

    @Test
    void anUnknownAlgorithmOrAKeyThatDoesNotFitItIsRefused() {
        assertThatThrownBy(() -> DevTokens.builder().signWith(KEYS.privateKey(), "HS256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported JWS algorithm HS256");
        assertThatThrownBy(() -> DevTokens.builder().signWith(KEYS.privateKey(), "ES256"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot sign ES256 with a RSA key");
    }

    @Test
    void anUnsecuredTokenHasAlgNoneAndAnEmptySignature() throws Exception {
        String token = DevTokens.builder().tenant("acme").device("d1").unsecured();

        JwtParts jwt = JwtParts.of(token);
        assertThat(jwt.headerJson().toString()).isEqualTo("{\"alg\":\"none\"}");
        assertThat(jwt.signature()).isEmpty();
        assertThat(token).endsWith(".");
        assertThat(jwt.claims().get("tenant").asText()).isEqualTo("acme");
    }

    @Test
    void claimReplacesAStandardClaimAndNullLeavesItOut() throws Exception {
        JsonNode claims = JwtParts.of(DevTokens.builder().tenant("acme").claim("tenant", "other")
                .claim("exp", null).audience("a", "b").sign(KEYS)).claims();

        assertThat(claims.get("tenant").asText()).isEqualTo("other");
        assertThat(claims.has("exp")).isFalse();
        assertThat(claims.get("aud").toString()).isEqualTo("[\"a\",\"b\"]");
    }
}
