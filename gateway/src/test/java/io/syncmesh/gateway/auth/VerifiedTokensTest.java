package io.syncmesh.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The table of verified tokens: a token is checked once and then known until its exp or the maximum age, whichever
 * comes first; a token differing in any character, a failed check, an expired token and a full table all go to the
 * verifier. The verifier here is a stub that records what it was asked, and the clocks are the test's.
 */
class VerifiedTokensTest {

    private static final long NOW_EPOCH = 1_800_000_000L;

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final AtomicLong epoch = new AtomicLong(NOW_EPOCH);
    private final List<String> checked = new ArrayList<>();
    /** Tokens of this stub are "ok:<exp>" (verified, expiring at that epoch second) or anything else (refused). */
    private final JWTParser verifier = stub();

    private JWTParser stub() {
        return (JWTParser) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{JWTParser.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("parse") || args.length != 1) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String text = (String) args[0];
                    checked.add(text);
                    if (!text.startsWith("ok:")) {
                        throw new ParseException("refused by the stub");
                    }
                    return token(Long.parseLong(text.substring(3).split("#")[0]));
                });
    }

    private static JsonWebToken token(long exp) {
        return new JsonWebToken() {

            @Override
            public String getName() {
                return "dev";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return "exp".equals(claimName) ? (T) Long.valueOf(exp) : null;
            }
        };
    }

    private VerifiedTokens tokens(Duration maxAge, int maxEntries) {
        return new VerifiedTokens(verifier, maxAge, maxEntries, nanos::get, epoch::get);
    }

    private void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
        epoch.addAndGet(by.toSeconds());
    }

    @Test
    void aVerifiedTokenIsCheckedOnceAndAnswersWithTheSamePrincipal() throws Exception {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 100);
        String text = "ok:" + (NOW_EPOCH + 3600);

        JsonWebToken first = tokens.parse(text);
        JsonWebToken second = tokens.parse(text);

        assertThat(second).isSameAs(first);
        assertThat(checked).containsExactly(text);
    }

    @Test
    void aTokenDifferingInOneCharacterIsCheckedOnItsOwn() throws Exception {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 100);
        String text = "ok:" + (NOW_EPOCH + 3600) + "#a";
        String tampered = "ok:" + (NOW_EPOCH + 3600) + "#b";
        String refused = "no:" + (NOW_EPOCH + 3600) + "#a";
        tokens.parse(text);

        tokens.parse(tampered);
        assertThatThrownBy(() -> tokens.parse(refused)).isInstanceOf(ParseException.class);

        assertThat(checked).containsExactly(text, tampered, refused);
    }

    @Test
    void aFailedCheckIsNeverRemembered() {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 100);

        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse("forged")).isInstanceOf(ParseException.class);

        assertThat(checked).containsExactly("forged", "forged");
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTokenIsKnownUntilItsExpAndCheckedAgainAfter() throws Exception {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 100);
        String text = "ok:" + (NOW_EPOCH + 10);
        tokens.parse(text);

        advance(Duration.ofSeconds(9));
        tokens.parse(text);
        assertThat(checked).hasSize(1);

        advance(Duration.ofSeconds(1));
        tokens.parse(text);
        assertThat(checked).as("at exp the verifier decides again").hasSize(2);
    }

    @Test
    void aLongLivedTokenIsCheckedAgainAfterTheMaximumAge() throws Exception {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 100);
        String text = "ok:" + (NOW_EPOCH + 86_400);
        tokens.parse(text);

        advance(Duration.ofSeconds(59));
        tokens.parse(text);
        assertThat(checked).hasSize(1);

        advance(Duration.ofSeconds(1));
        tokens.parse(text);
        assertThat(checked).as("after the maximum age the verifier decides again").hasSize(2);
    }

    @Test
    void aTokenPastItsExpByThisClockIsNotRememberedThoughTheVerifierAllowedIt() throws Exception {
        // The verifier allows clock skew; this table never extends it.
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 100);
        String text = "ok:" + (NOW_EPOCH - 5);

        tokens.parse(text);
        tokens.parse(text);

        assertThat(checked).containsExactly(text, text);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void theTableStaysWithinItsSizeAndMakesRoomFromExpiredEntries() throws Exception {
        VerifiedTokens tokens = tokens(Duration.ofSeconds(60), 2);
        tokens.parse("ok:" + (NOW_EPOCH + 10) + "#1");
        tokens.parse("ok:" + (NOW_EPOCH + 10) + "#2");

        String third = "ok:" + (NOW_EPOCH + 3600) + "#3";
        tokens.parse(third);
        tokens.parse(third);
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(checked).as("a full table verifies the newcomer every time").containsOnlyOnce("ok:"
                + (NOW_EPOCH + 10) + "#1").filteredOn(third::equals).hasSize(2);

        advance(Duration.ofSeconds(10));
        tokens.parse(third);
        tokens.parse(third);
        assertThat(checked).as("the expired ones were swept out, the newcomer remembered").filteredOn(third::equals)
                .hasSize(3);
        assertThat(tokens.size()).isEqualTo(1);
    }

    @Test
    void aMaximumAgeOfZeroRemembersNothing() throws Exception {
        VerifiedTokens tokens = tokens(Duration.ZERO, 100);
        String text = "ok:" + (NOW_EPOCH + 3600);

        tokens.parse(text);
        tokens.parse(text);

        assertThat(checked).containsExactly(text, text);
        assertThat(tokens.size()).isZero();
    }
}
