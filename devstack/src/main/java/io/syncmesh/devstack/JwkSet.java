package io.syncmesh.devstack;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.syncmesh.protocol.SyncJson;

/**
 * A JSON Web Key Set (RFC 7517) of public verification keys, each under its {@code kid}: the form the gateway reads to
 * accept several keys at once (key rotation) and both RS256 and ES256 (P-256) signatures.
 */
public final class JwkSet {

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final Map<String, PublicKey> keys = new LinkedHashMap<>();

    public JwkSet add(String kid, PublicKey key) {
        if (!(key instanceof RSAPublicKey) && !(key instanceof ECPublicKey)) {
            throw new IllegalArgumentException("only RSA and EC P-256 keys verify tokens here, not " + key
                    .getAlgorithm());
        }
        keys.put(kid, key);
        return this;
    }

    /** The set as JSON: {@code {"keys":[...]}}. */
    public String toJson() {
        List<Map<String, String>> jwks = new ArrayList<>();
        keys.forEach((kid, key) -> jwks.add(key instanceof RSAPublicKey rsa
                ? rsa(kid, rsa)
                : ec(kid,
                        (ECPublicKey) key)));
        try {
            return SyncJson.mapper().writeValueAsString(Map.of("keys", jwks));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> rsa(String kid, RSAPublicKey key) {
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("n", unsigned(key.getModulus(), 0));
        jwk.put("e", unsigned(key.getPublicExponent(), 0));
        return jwk;
    }

    private static Map<String, String> ec(String kid, ECPublicKey key) {
        if (key.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("only the P-256 curve (ES256) is supported");
        }
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("kid", kid);
        jwk.put("use", "sig");
        jwk.put("alg", "ES256");
        jwk.put("crv", "P-256");
        jwk.put("x", unsigned(key.getW().getAffineX(), 32));
        jwk.put("y", unsigned(key.getW().getAffineY(), 32));
        return jwk;
    }

    /** Base64url of the big-endian magnitude, without a sign byte, left-padded to {@code length} bytes if given. */
    private static String unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length < length) {
            byte[] padded = new byte[length];
            System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
            bytes = padded;
        }
        return BASE64URL.encodeToString(bytes);
    }
}
