package io.syncmesh.devstack;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.SyncJson;

/** Takes a compact JWS apart the way a verifier does, with nothing but the JDK and Jackson: the tests' oracle. */
record JwtParts(String header, String payload, String signature) {

    static JwtParts of(String token) {
        // -1: keep the empty signature part of an unsecured token.
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a compact JWS: " + token);
        }
        return new JwtParts(parts[0], parts[1], parts[2]);
    }

    JsonNode headerJson() throws Exception {
        return SyncJson.mapper().readTree(Base64.getUrlDecoder().decode(header));
    }

    JsonNode claims() throws Exception {
        return SyncJson.mapper().readTree(Base64.getUrlDecoder().decode(payload));
    }

    boolean verifiesWith(PublicKey key, String jcaAlgorithm) throws Exception {
        Signature verifier = Signature.getInstance(jcaAlgorithm);
        verifier.initVerify(key);
        verifier.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return verifier.verify(Base64.getUrlDecoder().decode(signature));
    }

    boolean verifiesRs256(PublicKey key) throws Exception {
        return verifiesWith(key, "SHA256withRSA");
    }
}
