package io.syncmesh.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.syncmesh.devstack.DevKeys;
import io.syncmesh.devstack.DevTokens;
import io.syncmesh.devstack.JwkSet;

/** Tokens for the tests, signed with the keys the gateway under test trusts (an RSA and an EC key, by kid). */
final class Tokens {

    /** The kid of the trusted EC P-256 key (ES256). */
    static final String EC_KID = "ec-test";
    /** A device whose tokens the gateway under test refuses (its revoked-devices file). */
    static final String REVOKED_TENANT = "t-auth";
    static final String REVOKED_DEVICE = "dev-revoked";

    private static final String EC_PRIVATE_KEY_FILE = "jwt-ec-private.der";

    private Tokens() {
    }

    static DevKeys keys() {
        return DevKeys.loadOrCreate(keyDir());
    }

    private static Path keyDir() {
        return Path.of(System.getProperty(GatewayMeshResource.KEY_DIR_PROPERTY));
    }

    /** The EC private key whose public half is in the trusted set under {@link #EC_KID}. */
    static PrivateKey ecKey() {
        try {
            byte[] der = Files.readAllBytes(keyDir().resolve(EC_PRIVATE_KEY_FILE));
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the trusted key set (the dev RSA key and a new EC key) into {@code dir}; returns its file. */
    static Path writeTrustedKeys(Path dir, DevKeys rsa) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair ec = generator.generateKeyPair();
            Files.write(dir.resolve(EC_PRIVATE_KEY_FILE), ec.getPrivate().getEncoded());
            Path jwks = dir.resolve("jwks.json");
            Files.writeString(jwks, new JwkSet().add(rsa.kid(), rsa.publicKey()).add(EC_KID, ec.getPublic())
                    .toJson());
            return jwks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path writeRevokedDevices(Path dir) {
        try {
            return Files.writeString(dir.resolve("revoked-devices"),
                    "# lost phones\n" + REVOKED_TENANT + "/" + REVOKED_DEVICE + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The public key's bytes as an HMAC secret: the algorithm-confusion attack on RS256 verifiers. */
    static String hmacSignedWithThePublicKey(String tenant, String device) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys().publicKeyPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        // The claims of a valid token under an HS256 header.
        String claims = valid(tenant, device).unsecured().split("\\.")[1];
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String header = base64
                .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));
        String input = header + "." + claims;
        return input + "." + base64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }
}
