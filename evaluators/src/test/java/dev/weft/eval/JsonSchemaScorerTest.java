package dev.weft.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemaScorerTest {

  private static final String PERSON =
      """
      {"type": "object", "required": ["name", "age"],
       "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
       "additionalProperties": false}
      """;

  private static final EvalRow ROW = EvalRow.of(Map.of("text", "Ada, 36"));

  @Test
  void conformingOutputPasses() {
    Score s = JsonSchemaScorer.of(PERSON).score(ROW, "{\"name\": \"Ada\", \"age\": 36}").get(0);
    assertThat(s.name()).isEqualTo("json_schema");
    assertThat(s.passed()).isTrue();
  }

  @Test
  void violationsFailWithTheValidatorsMessages() {
    Score s = JsonSchemaScorer.of(PERSON).score(ROW, "{\"name\": 1, \"extra\": true}").get(0);
    assertThat(s.passed()).isFalse();
    assertThat(s.reason()).contains("age").contains("name");
  }

  @Test
  void nonJsonOutputFailsAndObjectsAreValidatedToo() {
    assertThat(JsonSchemaScorer.of(PERSON).score(ROW, "not json").get(0).passed()).isFalse();
    assertThat(
            JsonSchemaScorer.of(PERSON).score(ROW, Map.of("name", "Ada", "age", 3)).get(0).passed())
        .isTrue();
  }

  @Test
  void anUnloadableSchemaIsRejectedUpFront() {
    assertThatThrownBy(() -> JsonSchemaScorer.of("{not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
