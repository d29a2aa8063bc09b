package io.syncmesh.devstack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.syncmesh.protocol.SyncJson;

/** Mints compact JWS tokens (JWTs) for development and tests: signed with the dev keys, another key, or unsecured. */
public final class DevTokens {

    /** The lifetime of a token whose expiry is not set. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    /** The audience the gateway expects by default ({@code SYNCMESH_JWT_AUDIENCE}); every token here carries it. */
    public static final String DEFAULT_AUDIENCE = "syncmesh";

    // JWS algorithm names (RFC 7518) and the JCA signatures that compute them. The ECDSA ones in P1363 form, the
    // fixed-length r||s that JWS wants, not DER.
    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format",
            "ES512", "SHA512withECDSAinP1363Format");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private String issuer;
    private List<String> audience = List.of(DEFAULT_AUDIENCE);
    private String subject;
    private String tenant;
    private String device;
    private List<String> groups;
    private Instant issuedAt;
    private Instant expiresAt;
    private Instant notBefore;
    private String keyId;
    private final Map<String, Object> extraClaims = new LinkedHashMap<>();

    private DevTokens() {
    }

    /** A token without claims yet, issued now and expiring an hour after it was issued. */
    public static DevTokens builder() {
        return new DevTokens();
    }

    public DevTokens issuer(String issuer) {
        this.issuer = issuer;
        return this;
    }

    /**
     * One audience is written as a string ({@code "aud":"x"}), several as an array, none (no arguments) leaves the
     * claim out; {@link #DEFAULT_AUDIENCE} unless set.
     */
    public DevTokens audience(String... audience) {
        this.audience = List.of(audience);
        return this;
    }

    public DevTokens subject(String subject) {
        this.subject = subject;
        return this;
    }

    public DevTokens tenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    public DevTokens device(String device) {
        this.device = device;
        return this;
    }

    public DevTokens groups(String... groups) {
        this.groups = List.of(groups);
        return this;
    }

    /** {@code iat}; now, when the token is signed, if not set. */
    public DevTokens issuedAt(Instant issuedAt) {
        this.issuedAt = issuedAt;
        return this;
    }

    /** {@code exp}; {@link #DEFAULT_LIFETIME} after {@code iat} if not set. */
    public DevTokens expiresAt(Instant expiresAt) {
        this.expiresAt = expiresAt;
        return this;
    }

    public DevTokens notBefore(Instant notBefore) {
        this.notBefore = notBefore;
        return this;
    }

    /** The header's {@code kid}; by default the dev keys' id with {@link #sign}, none with {@link #signWith}. */
    public DevTokens keyId(String keyId) {
        this.keyId = keyId;
        return this;
    }

    /**
     * Any claim, written after the standard ones and so replacing one of the same name; {@code null} leaves the claim
     * out, e.g. {@code claim("exp", null)} for a token that never expires.
     */
    public DevTokens claim(String name, Object value) {
        extraClaims.put(name, value);
        return this;
    }

    /** Signed RS256 with the dev private key; the header names the dev keys' {@code kid}. */
    public String sign(DevKeys keys) {
        return sign(keys.privateKey(), "RS256", keyId != null ? keyId : keys.kid());
    }

    /** Signed with any key and JWS algorithm (RS256/384/512, ES256/384/512), for tests of keys a verifier rejects. */
    public String signWith(PrivateKey key, String algorithm) {
        return sign(key, algorithm, keyId);
    }

    /** An unsecured JWS ({@code "alg":"none"}, empty signature part), which every verifier must reject. */
    public String unsecured() {
        return signingInput(header("none", null)) + ".";
    }

    private String sign(PrivateKey key, String algorithm, String kid) {
        String jca = ALGORITHMS.get(algorithm);
        if (jca == null) {
            throw new IllegalArgumentException("unsupported JWS algorithm " + algorithm + "; use one of "
                    + ALGORITHMS.keySet().stream().sorted().toList());
        }
        String input = signingInput(header(algorithm, kid));
        try {
            Signature signature = Signature.getInstance(jca);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign " + algorithm + " with a " + key.getAlgorithm() + " key",
                    e);
        }
    }

    private static Map<String, Object> header(String algorithm, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm);
        // RFC 7519 section 5.1 makes typ optional; the unsecured header stays minimal, as negative tests expect.
        if (!algorithm.equals("none")) {
            header.put("typ", "JWT");
        }
        if (kid != null) {
            header.put("kid", kid);
        }
        return header;
    }

    private String signingInput(Map<String, Object> header) {
        return base64UrlJson(header) + "." + base64UrlJson(claims());
    }

    Map<String, Object> claims() {
        Instant iat = issuedAt != null ? issuedAt : Instant.now();
        Instant exp = expiresAt != null ? expiresAt : iat.plus(DEFAULT_LIFETIME);
        Map<String, Object> claims = new LinkedHashMap<>();
        putIfSet(claims, "iss", issuer);
        putIfSet(claims, "sub", subject);
        if (!audience.isEmpty()) {
            claims.put("aud", audience.size() == 1 ? audience.get(0) : audience);
        }
        // NumericDate: whole seconds since the epoch (RFC 7519 section 2).
        claims.put("iat", iat.getEpochSecond());
        putIfSet(claims, "nbf", notBefore == null ? null : notBefore.getEpochSecond());
        claims.put("exp", exp.getEpochSecond());
        putIfSet(claims, "tenant", tenant);
        putIfSet(claims, "device", device);
        putIfSet(claims, "groups", groups);
        extraClaims.forEach((name, value) -> {
            claims.remove(name);
            putIfSet(claims, name, value);
        });
        return claims;
    }

    private static void putIfSet(Map<String, Object> claims, String name, Object value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    private static String base64UrlJson(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(SyncJson.mapper().writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a claim cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
