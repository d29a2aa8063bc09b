package io.syncmesh.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM text (RFC 7468) of DER-encoded keys: PKCS#8 {@code PRIVATE KEY} and X.509 {@code PUBLIC KEY}. */
final class Pem {

    private Pem() {
    }

    static String encode(String type, byte[] der) {
        // 64 characters a line, as RFC 7468 and openssl write it.
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    static byte[] decode(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException(file + " is not a PEM file with a " + type);
        }
        // The MIME decoder skips the line breaks (and any CR a Windows editor added).
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    static RSAPrivateCrtKey readRsaPrivateKey(Path file) throws IOException {
        try {
            return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(decode(file, "PRIVATE KEY")));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(file + " is not a PKCS#8 RSA private key", e);
        }
    }

    static RSAPublicKey readRsaPublicKey(Path file) throws IOException {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(decode(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException(file + " is not an X.509 RSA public key", e);
        }
    }
}
