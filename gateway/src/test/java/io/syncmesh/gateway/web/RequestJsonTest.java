package io.syncmesh.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.syncmesh.protocol.TelemetryReport;
import io.syncmesh.support.web.ProblemException;

/** Bodies devices send are read strictly: each broken rule is a 400 whose detail names the rule and quotes nothing. */
class RequestJsonTest {

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static ProblemException refused(byte[] body) {
        return (ProblemException) catchThrowable(() -> RequestJson.readTree(body));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "duplicate key|{\"a\":1,\"a\":2}|repeats a key",
            "duplicate key deep inside|{\"x\":{\"b\":\"secret\",\"b\":\"other\"}}|repeats a key",
            "trailing content|{\"a\":1} {\"b\":2}|not valid JSON",
            "truncated|{\"a\":[1,2|not valid JSON",
            "integer beyond 64 bits|{\"a\":18446744073709551616}|out of range",
            "decimal beyond a double|{\"a\":1e400}|out of range",
            "number of 41 digits|{\"a\":12345678901234567890123456789012345678901}|longer than 40 digits",
            "not JSON at all|hello secret|not valid JSON"})
    void brokenBodiesAreRefusedWithTheRuleNamed(String rule, String body, String detail) {
        ProblemException problem = refused(utf8(body));

        assertThat(problem).as(rule).isNotNull();
        assertThat(problem.problem().status()).isEqualTo(400);
        assertThat(problem.problem().detail()).contains(detail).doesNotContain("secret");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertThat(refused(body).problem().detail()).isEqualTo("the body is not valid UTF-8");
    }

    @Test
    void nestingBeyondTheLimitIsRefusedAndAtTheLimitAccepted() {
        String atLimit = "[".repeat(RequestJson.MAX_DEPTH) + "]".repeat(RequestJson.MAX_DEPTH);
        String beyond = "[".repeat(RequestJson.MAX_DEPTH + 1) + "]".repeat(RequestJson.MAX_DEPTH + 1);

        assertThat(RequestJson.readTree(utf8(atLimit)).isArray()).isTrue();
        assertThat(refused(utf8(beyond)).problem().detail()).contains("nests deeper than 32");
    }

    @Test
    void ordinaryJsonIsRead() {
        assertThat(RequestJson.readTree(utf8("{\"a\":[1,2.5,-9223372036854775808,\"ü\",null,true]}"))
                .path("a").size()).isEqualTo(6);
    }

    @Test
    void aPropertyTheRequestTypeDoesNotHaveIsRefusedByName() {
        assertThatThrownBy(() -> RequestJson.read(utf8("{\"queueLength\":1,\"deviceSecret\":\"x\"}"),
                TelemetryReport.class))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().detail())
                        .isEqualTo("unknown property \"deviceSecret\": a TelemetryReport does not have it"));
    }

    @Test
    void aVeryLongPropertyNameIsCutInTheDetail() {
        assertThat(RequestJson.quoted("x".repeat(1000))).hasSize(67);
    }
}
