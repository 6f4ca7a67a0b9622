package dev.weft.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ImageContent;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written GenAI message JSON is always valid JSON of the convention's shape. */
class GenAiJsonTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final GenAiJson json = new GenAiJson(-1);

  @Test
  void anyTextSurvivesEscapingExactly() throws Exception {
    String nasty =
        "quote \" backslash \\ newline \n tab \t cr \r nul \u0000 bell \u0007 é 日本 😀 </script>";
    JsonNode parsed = JSON.readTree(json.inputMessages(List.of(UserMessage.from(nasty))));
    assertThat(parsed.at("/0/parts/0/content").asText()).isEqualTo(nasty);
  }

  @Test
  void systemMessagesAreSeparatedFromTheInputList() throws Exception {
    List<ChatMessage> messages =
        List.of(
            SystemMessage.from("rule one"), SystemMessage.from("rule two"), UserMessage.from("hi"));
    assertThat(JSON.readTree(json.systemInstructions(messages)).findValuesAsText("content"))
        .containsExactly("rule one", "rule two");
    JsonNode input = JSON.readTree(json.inputMessages(messages));
    assertThat(input).hasSize(1);
    assertThat(input.at("/0/role").asText()).isEqualTo("user");
    assertThat(json.systemInstructions(List.of(UserMessage.from("x")))).isNull();
  }

  @Test
  void toolCallsAndResultsUseTheConventionsParts() throws Exception {
    ToolExecutionRequest call =
        ToolExecutionRequest.builder().id("c1").name("lookup").arguments("{not json").build();
    JsonNode input =
        JSON.readTree(
            json.inputMessages(
                List.of(
                    AiMessage.from("thinking", List.of(call)),
                    ToolExecutionResultMessage.from(call, "found \"it\""))));
    assertThat(input.at("/0/role").asText()).isEqualTo("assistant");
    assertThat(input.at("/0/parts/0/content").asText()).isEqualTo("thinking");
    assertThat(input.at("/0/parts/1/type").asText()).isEqualTo("tool_call");
    assertThat(input.at("/0/parts/1/arguments").asText()).isEqualTo("{not json");
    assertThat(input.at("/1/role").asText()).isEqualTo("tool");
    assertThat(input.at("/1/parts/0/type").asText()).isEqualTo("tool_call_response");
    assertThat(input.at("/1/parts/0/id").asText()).isEqualTo("c1");
    assertThat(input.at("/1/parts/0/response").asText()).isEqualTo("found \"it\"");
  }

  @Test
  void nonTextUserContentIsNamedButNotCopied() throws Exception {
    UserMessage message =
        UserMessage.from(
            TextContent.from("what is this?"), ImageContent.from("https://example.invalid/a.png"));
    JsonNode input = JSON.readTree(json.inputMessages(List.of(message)));
    assertThat(input.at("/0/parts/1/type").asText()).isEqualTo("image");
    assertThat(input.at("/0/parts/1").size()).isEqualTo(1);
  }

  @Test
  void outputCarriesTheFinishReason() throws Exception {
    JsonNode output = JSON.readTree(json.outputMessages(AiMessage.from("done"), "length"));
    assertThat(output.at("/0/finish_reason").asText()).isEqualTo("length");
  }
}
