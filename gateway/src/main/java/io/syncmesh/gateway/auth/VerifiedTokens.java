package io.syncmesh.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.syncmesh.gateway.limit.OncePerInterval;

/**
 * The bearer tokens this gateway has verified, remembered until they expire and at most
 * {@code syncmesh.auth.verified-token-max-age}, so a device's next requests, and a flood of requests refused by the
 * rate limits, skip the signature check and the claims' parsing (a fifth of the gateway's CPU under a flood).
 *
 * <p>
 * Only a token that passed every check of smallrye-jwt is remembered, under the SHA-256 of its exact text: a token that
 * differs in one character, a tampered one, is a different entry and goes through every check. A lookup compares
 * digests, so its timing says nothing about a remembered token's text. Revocation is unaffected: {@link CallerResolver}
 * asks {@link RevokedDevices} on every request. What a remembered token skips is the key set: a key dropped from it
 * stops its tokens within the maximum age, not at once. Failures are never remembered.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private record Verified(JsonWebToken token, long validUntilNanos) {
    }

    private final JWTParser verifier;
    private final long maxAgeNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    private final LongSupplier epochSeconds;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    /** Expired entries are swept out of a full table at most once a second. */
    private final OncePerInterval sweeps = new OncePerInterval(1_000_000_000L);

    @Inject
    VerifiedTokens(DefaultJWTParser verifier,
            @ConfigProperty(name = "syncmesh.auth.verified-token-max-age") Duration maxAge,
            @ConfigProperty(name = "syncmesh.auth.verified-tokens") int maxEntries) {
        this(verifier, maxAge, maxEntries, System::nanoTime, () -> System.currentTimeMillis() / 1000);
    }

    VerifiedTokens(JWTParser verifier, Duration maxAge, int maxEntries, LongSupplier nanoClock,
            LongSupplier epochSeconds) {
        this.verifier = verifier;
        this.maxAgeNanos = maxAge.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = nanoClock;
        this.epochSeconds = epochSeconds;
    }

    /** The verified token: remembered, or checked by smallrye-jwt now (and remembered when it passes). */
    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        if (maxAgeNanos <= 0 || maxEntries <= 0) {
            return verifier.parse(bearerToken);
        }
        String key = digest(bearerToken);
        long now = nanoClock.getAsLong();
        Verified known = verified.get(key);
        if (known != null) {
            if (now - known.validUntilNanos() < 0) {
                return known.token();
            }
            verified.remove(key, known);
        }
        JsonWebToken token = verifier.parse(bearerToken);
        remember(key, token, now);
        return token;
    }

    private void remember(String key, JsonWebToken token, long now) {
        // Until exp and no later: within the clock skew past it (mp.jwt.verify.clock.skew), smallrye-jwt decides on
        // every request, as without this table, so the table never accepts a token that smallrye-jwt would refuse.
        long secondsLeft = token.getExpirationTime() - epochSeconds.getAsLong();
        if (secondsLeft <= 0) {
            return;
        }
        long lifetime = Math.min(maxAgeNanos, Duration.ofSeconds(secondsLeft).toNanos());
        if (verified.size() >= maxEntries && sweeps.tryPass(now)) {
            verified.values().removeIf(v -> now - v.validUntilNanos() >= 0);
        }
        if (verified.size() < maxEntries) {
            verified.put(key, new Verified(token, now + lifetime));
        }
    }

    int size() {
        return verified.size();
    }

    private static String digest(String bearerToken) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bearerToken.getBytes(StandardCharsets.UTF_8));
            return new String(hash, StandardCharsets.ISO_8859_1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    // Not used for bearer tokens (MpJwtValidator calls parse(String)); passed through unremembered.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
