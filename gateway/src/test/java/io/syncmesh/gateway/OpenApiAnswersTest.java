package io.syncmesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.syncmesh.protocol.SyncJson;

/** The fuzz test's judge of answers must be able to say no: each kind of mismatch with the document is found. */
class OpenApiAnswersTest {

    private static final String DOCUMENT = """
            {"openapi":"3.1.0","paths":{"/v1/things":{"get":{"responses":{
              "200":{"description":"ok","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Page"}}}},
              "304":{"description":"not modified"},
              "400":{"description":"bad","content":{"application/problem+json":{"schema":{"$ref":"#/components/schemas/Problem"}}}}
            }}}},
            "components":{"schemas":{
              "Page":{"type":"object","properties":{"items":{"type":"array","items":{"$ref":"#/components/schemas/Item"}},
                "hasMore":{"type":"boolean"}}},
              "Item":{"type":"object","properties":{"state":{"type":"string","enum":["open","closed"]},
                "version":{"type":"integer"}}},
              "Problem":{"type":"object","required":["type","title","status"],"properties":{"status":{"type":"integer"}}}
            }}}""";

    private final OpenApiAnswers answers = new OpenApiAnswers(SyncJson.read(DOCUMENT, JsonNode.class));

    @Test
    void answersTheDocumentDeclaresPass() {
        assertThat(answers.violations("GET", "/v1/things", 200, "application/json",
                "{\"items\":[{\"state\":\"open\",\"version\":3}],\"hasMore\":false}")).isEmpty();
        assertThat(answers.violations("GET", "/v1/things", 304, "", "")).isEmpty();
        assertThat(answers.violations("GET", "/v1/things", 400, "application/problem+json; charset=UTF-8",
                "{\"type\":\"t\",\"title\":\"x\",\"status\":400}")).isEmpty();
    }

    @Test
    void aBodyThatBreaksTheSchemaThroughReferencesIsFound() {
        assertThat(answers.violations("GET", "/v1/things", 200, "application/json",
                "{\"items\":[{\"state\":\"lost\",\"version\":3}]}")).singleElement().asString().contains("state");
        assertThat(answers.violations("GET", "/v1/things", 200, "application/json", "{\"hasMore\":\"yes\"}"))
                .singleElement().asString().contains("hasMore");
        assertThat(answers.violations("GET", "/v1/things", 400, "application/problem+json", "{\"status\":400}"))
                .hasSize(2);
    }

    @Test
    void undeclaredStatusesMediaTypesAndBodiesAreFound() {
        assertThat(answers.violations("GET", "/v1/things", 418, "application/json", "{}")).singleElement()
                .asString().contains("418");
        assertThat(answers.violations("GET", "/v1/things", 200, "text/plain", "hello")).singleElement()
                .asString().contains("text/plain");
        assertThat(answers.violations("GET", "/v1/things", 304, "application/json", "{}")).singleElement()
                .asString().contains("declares none");
        assertThat(answers.violations("GET", "/v1/things", 200, "application/json", "")).singleElement()
                .asString().contains("no body");
        assertThat(answers.violations("GET", "/v1/things", 200, "application/json", "{not json")).singleElement()
                .asString().contains("not JSON");
        assertThat(answers.violations("POST", "/v1/things", 200, "application/json", "{}")).isNotEmpty();
    }
}
