package dev.weft.server.normalize;

import static dev.weft.server.normalize.Spans.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.ingest.otlp.DecodedEvent;
import org.junit.jupiter.api.Test;

/** The general OTel exception rule table: error type and message from the exception event. */
class ExceptionEventConventionTest {

  private final SpanNormalizer normalizer = new SpanNormalizer();

  @Test
  void firstExceptionEventGivesTypeAndMessageAndAllEventsStay() {
    DecodedEvent first =
        Spans.event(
            "exception",
            map(
                "exception.type", "openai.APIConnectionError",
                "exception.message", "Connection error.",
                "exception.stacktrace", "Traceback (most recent call last):\n  ...",
                "exception.escaped", "False"));
    DecodedEvent second =
        Spans.event(
            "exception", map("exception.type", "RuntimeError", "exception.message", "wrapped"));

    CanonicalSpan c =
        normalizer.normalize(
            Spans.span()
                .event(first.name(), first.attributes())
                .event(second.name(), second.attributes())
                .status(2, "Connection error.")
                .build());

    assertThat(c.errorType()).isEqualTo("openai.APIConnectionError");
    assertThat(c.errorMessage()).isEqualTo("Connection error.");
    assertThat(c.events()).containsExactly(first, second);
    assertThat(c.category()).isEqualTo(SpanCategory.OTHER);
  }

  @Test
  void exceptionAttributesOnTheSpanAreTheFallback() {
    CanonicalSpan c =
        normalizer.normalize(
            Spans.span()
                .attr("openinference.span.kind", "TOOL")
                .attr("exception.type", "ValueError")
                .attr("exception.message", "bad city")
                .build());

    assertThat(c.errorType()).isEqualTo("ValueError");
    assertThat(c.errorMessage()).isEqualTo("bad city");
    assertThat(c.attributes()).containsKeys("exception.type", "exception.message");
  }

  @Test
  void exceptionWithoutMessageLeavesTheMessageEmpty() {
    CanonicalSpan c =
        normalizer.normalize(
            Spans.span()
                .event("exception", map("exception.type", "java.lang.OutOfMemoryError"))
                .build());

    assertThat(c.errorType()).isEqualTo("java.lang.OutOfMemoryError");
    assertThat(c.errorMessage()).isNull();
  }

  @Test
  void spanWithoutExceptionHasNoError() {
    CanonicalSpan c = normalizer.normalize(Spans.span().event("retry", map("attempt", 1L)).build());

    assertThat(c.errorType()).isNull();
    assertThat(c.errorMessage()).isNull();
  }
}
