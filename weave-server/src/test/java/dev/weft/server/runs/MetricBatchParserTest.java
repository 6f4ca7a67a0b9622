package dev.weft.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.common.ProblemException;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class MetricBatchParserTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final OffsetDateTime NOW = OffsetDateTime.parse("2026-11-27T12:00:00Z");

  static MetricBatchParser.Parsed parse(String json, int max) throws Exception {
    JsonNode body = JSON.readTree(json);
    return MetricBatchParser.parse(body, 1, "r", max, NOW);
  }

  static void rejected(String json, int status, String... fragments) {
    assertThatThrownBy(() -> parse(json, 100))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().status()).isEqualTo(status);
              assertThat(e.problem().detail()).contains(fragments);
            });
  }

  @Test
  void parsesPointsWithAndWithoutTime() throws Exception {
    var parsed =
        parse(
            "{\"points\":[{\"key\":\"loss\",\"step\":10,\"value\":0.25,"
                + "\"time\":\"2026-11-27T10:00:00Z\"},{\"key\":\"system/cpu\",\"step\":0,\"value\":3}]}",
            100);
    assertThat(parsed.points()).hasSize(2);
    assertThat(parsed.points().get(0).time())
        .isEqualTo(OffsetDateTime.parse("2026-11-27T10:00:00Z"));
    assertThat(parsed.points().get(1).time()).isEqualTo(NOW);
    assertThat(parsed.points().get(1).value()).isEqualTo(3.0);
  }

  @Test
  void repeatedKeyAndStepKeepsTheFirstAndItsIndex() throws Exception {
    var parsed =
        parse(
            "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1},{\"key\":\"a\",\"step\":1,"
                + "\"value\":2},{\"key\":\"a\",\"step\":2,\"value\":3}]}",
            100);
    assertThat(parsed.points()).extracting(MetricPoint::value).containsExactly(1.0, 3.0);
    assertThat(parsed.indexes()).containsExactly(0, 2);
  }

  @Test
  void nonNumericValuesNameTheIndex() {
    rejected(
        "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1},{\"key\":\"a\",\"step\":2,"
            + "\"value\":\"NaN\"}]}",
        400,
        "point 1",
        "must be JSON numbers");
    rejected("{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":true}]}", 400, "point 0");
    rejected("{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":{}}]}", 400, "point 0");
  }

  @Test
  void overflowingNumbersAreRefusedAsInfinite() {
    rejected("{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1e999}]}", 400, "finite");
  }

  @Test
  void missingOrBadKeyAndStepAreRefused() {
    rejected("{\"points\":[{\"step\":1,\"value\":1}]}", 400, "point 0 has no 'key'");
    rejected("{\"points\":[{\"key\":\"a\",\"value\":1}]}", 400, "has no 'step'");
    rejected("{\"points\":[{\"key\":\"a\",\"step\":-1,\"value\":1}]}", 400, "negative step");
    rejected("{\"points\":[{\"key\":\"a\",\"step\":1.5,\"value\":1}]}", 400, "not an integer");
    rejected("{\"points\":[{\"key\":\"a\",\"step\":\"1\",\"value\":1}]}", 400, "not an integer");
    rejected("{\"points\":[{\"key\":\"a;drop\",\"step\":1,\"value\":1}]}", 400, "invalid key");
    rejected("{\"points\":[{\"key\":\"\",\"step\":1,\"value\":1}]}", 400, "invalid key");
    rejected(
        "{\"points\":[{\"key\":\"" + "k".repeat(129) + "\",\"step\":1,\"value\":1}]}",
        400,
        "invalid key");
    rejected("{\"points\":[{\"key\":\"a\",\"step\":1}]}", 400, "has no 'value'");
    rejected(
        "{\"points\":[{\"key\":\"a\",\"step\":1,\"value\":1,\"time\":\"yesterday\"}]}",
        400,
        "ISO-8601");
  }

  @Test
  void wrongShapesAreRefused() {
    rejected("[]", 400, "expected a JSON object");
    rejected("{}", 400, "'points' must be an array");
    rejected("{\"points\":[1]}", 400, "point 0 is not an object");
  }

  @Test
  void tooManyPointsGive413() {
    StringBuilder sb = new StringBuilder("{\"points\":[");
    for (int i = 0; i < 101; i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"key\":\"a\",\"step\":")
          .append(i)
          .append(",\"value\":1}");
    }
    rejected(sb.append("]}").toString(), 413, "101 points", "at most 100");
  }
}
