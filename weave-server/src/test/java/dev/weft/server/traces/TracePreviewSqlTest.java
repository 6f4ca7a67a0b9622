package dev.weft.server.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code weft_preview} SQL function (migration V5) on every stored input/output shape. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TracePreviewSqlTest {

  @Inject Pool pool;

  private String preview(String json, String side, int max) {
    return pool.preparedQuery("select weft_preview($1::text::jsonb, $2, $3) as p")
        .execute(Tuple.of(json, side, max))
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getString("p");
  }

  private static final String CHAT =
      "{\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
          + "{\"role\":\"user\",\"content\":\"first question\"},"
          + "{\"role\":\"assistant\",\"content\":\"first answer\"},"
          + "{\"role\":\"user\",\"content\":\"second question\"}]}";

  @Test
  void inputPreviewIsTheLastUserMessage() {
    assertThat(preview(CHAT, "input", 300)).isEqualTo("second question");
  }

  @Test
  void outputPreviewIsTheFirstAssistantMessageWithContent() {
    String output =
        "{\"messages\":[{\"role\":\"assistant\",\"toolCalls\":[{\"name\":\"get_weather\"}]},"
            + "{\"role\":\"assistant\",\"content\":\"It is sunny.\"}]}";
    assertThat(preview(output, "output", 300)).isEqualTo("It is sunny.");
  }

  @Test
  void valuesAreShownAsTextAndOtherJsonAsJson() {
    assertThat(preview("{\"value\":\"plain text\"}", "input", 300)).isEqualTo("plain text");
    assertThat(preview("{\"value\":{\"city\":\"Paris\"}}", "output", 300))
        .isEqualTo("{\"city\": \"Paris\"}");
    assertThat(preview("{\"messages\":[{\"role\":\"tool\",\"content\":\"42\"}]}", "input", 300))
        .isEqualTo("{\"messages\": [{\"role\": \"tool\", \"content\": \"42\"}]}");
  }

  @Test
  void previewsAreCutToTheLimitAndNullStaysNull() {
    assertThat(preview("{\"value\":\"" + "x".repeat(500) + "\"}", "input", 300)).hasSize(300);
    assertThat(preview("null", "input", 300)).isNull();
    assertThat(preview("{\"value\":null}", "input", 300)).isEqualTo("{\"value\": null}");
  }
}
