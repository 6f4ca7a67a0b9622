package dev.weft.it.agent;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * A plain application using the official OpenAI Java client and nothing of Weft or OpenTelemetry:
 * {@link OpenTelemetryJavaAgentIT} runs it under the OpenTelemetry Java agent. It asks two
 * questions and prints the answers.
 */
public final class OpenAiAgentApp {

  private OpenAiAgentApp() {}

  /**
   * Runs the two calls.
   *
   * @param args the OpenAI base URL (the fake model server)
   */
  public static void main(String[] args) {
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("test").build();
    ChatCompletion answer =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addSystemMessage("Answer in one word.")
                    .addUserMessage("Capital of France?")
                    .build());
    System.out.println("ANSWER " + answer.choices().get(0).message().content().orElse(""));
    ChatCompletion toolCall =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage("Weather in Paris?")
                    .build());
    System.out.println(
        "TOOL " + toolCall.choices().get(0).message().toolCalls().orElseThrow().size());
  }
}
