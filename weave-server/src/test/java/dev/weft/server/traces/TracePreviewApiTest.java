package dev.weft.server.traces;

import static dev.weft.server.traces.TraceSpansApiTest.id;
import static dev.weft.server.traces.TraceSpansApiTest.ingest;
import static dev.weft.server.traces.TraceSpansApiTest.span;
import static dev.weft.server.traces.TraceSpansApiTest.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.testing.WeftApi;
import dev.weft.server.testing.WeftApi.TestProject;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which span's input and output stand for a trace in the trace list. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class TracePreviewApiTest {

  private static String chat(String trace, int n, long startNs, String user, String answer) {
    return span(
        trace,
        id(n),
        id(1),
        "chat gpt-4o",
        startNs,
        100_000_000,
        0,
        "\"gen_ai.operation.name\":\"chat\",\"gen_ai.request.model\":\"gpt-4o\","
            + "\"gen_ai.input.messages\":\"[{\\\"role\\\":\\\"user\\\",\\\"parts\\\":[{\\\"type\\\":\\\"text\\\",\\\"content\\\":\\\""
            + user
            + "\\\"}]}]\",\"gen_ai.output.messages\":\"[{\\\"role\\\":\\\"assistant\\\",\\\"parts\\\":[{\\\"type\\\":\\\"text\\\",\\\"content\\\":\\\""
            + answer
            + "\\\"}]}]\"");
  }

  @Test
  void modelCallsSpeakForATraceWhoseRootHasNoInputEvenIfAToolRanFirst() {
    TestProject project = WeftApi.newProject("preview");
    String trace = traceId();
    ingest(
        project,
        List.of(
            span(
                trace,
                id(1),
                null,
                "invoke_agent bot",
                0,
                900_000_000,
                0,
                "\"gen_ai.operation.name\":\"invoke_agent\""),
            span(
                trace,
                id(2),
                id(1),
                "retrieve policy",
                10_000_000,
                50_000_000,
                0,
                "\"openinference.span.kind\":\"RETRIEVER\",\"input.value\":\"late delivery policy\","
                    + "\"output.value\":\"DHL can be late.\""),
            chat(trace, 3, 100_000_000, "Where is my order?", "Let me check."),
            span(
                trace,
                id(4),
                id(1),
                "execute_tool status",
                300_000_000,
                50_000_000,
                0,
                "\"gen_ai.operation.name\":\"execute_tool\",\"input.value\":\"order 1042\","
                    + "\"output.value\":\"in transit\""),
            chat(trace, 5, 400_000_000, "tool said: in transit", "It arrives tomorrow.")));

    JsonPath list = project.get("/traces");

    assertThat(list.getString("items[0].inputPreview")).isEqualTo("Where is my order?");
    assertThat(list.getString("items[0].outputPreview")).isEqualTo("It arrives tomorrow.");
  }

  @Test
  void theRootSpeaksForItsTraceWhenItHasAnInputAndOutput() {
    TestProject project = WeftApi.newProject("preview-root");
    String trace = traceId();
    ingest(
        project,
        List.of(
            span(
                trace,
                id(1),
                null,
                "handle request",
                0,
                900_000_000,
                0,
                "\"input.value\":\"Cancel order 7\",\"output.value\":\"Order 7 cancelled\""),
            chat(trace, 2, 100_000_000, "cancel 7 please", "Done.")));

    JsonPath list = project.get("/traces");

    assertThat(list.getString("items[0].inputPreview")).isEqualTo("Cancel order 7");
    assertThat(list.getString("items[0].outputPreview")).isEqualTo("Order 7 cancelled");
  }
}
