package dev.weft.examples.langchain4j.quarkus;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.weft.examples.langchain4j.QuickstartApp.Assistant;
import dev.weft.examples.langchain4j.QuickstartApp.Calculator;
import dev.weft.langchain4j.WeftLangChain4j;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How a Quarkus application (with {@code quarkus-opentelemetry} and plain LangChain4j, not
 * quarkus-langchain4j) switches the instrumentation on: one producer for {@link WeftLangChain4j} on
 * the {@link OpenTelemetry} bean Quarkus provides, then the listener on the model and {@code
 * instrumentService} on the AI service. Copy it into your application.
 */
@ApplicationScoped
public class LlmProducers {

  /**
   * The instrumentation, exporting wherever quarkus-opentelemetry exports (Weft's OTLP endpoint).
   */
  @Produces
  @Singleton
  public WeftLangChain4j weft(OpenTelemetry openTelemetry) {
    return WeftLangChain4j.builder().openTelemetry(openTelemetry).build();
  }

  /** A chat model whose calls become {@code chat} spans. */
  @Produces
  @Singleton
  public ChatModel chatModel(
      WeftLangChain4j weft,
      @ConfigProperty(name = "openai.base-url", defaultValue = "https://api.openai.com/v1")
          String baseUrl,
      @ConfigProperty(name = "openai.api-key") String apiKey) {
    return OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey(apiKey)
        .modelName("gpt-4o-mini")
        .listeners(List.of(weft.chatModelListener()))
        .build();
  }

  /** An AI service whose invocations become {@code invoke_agent} spans with tool spans inside. */
  @Produces
  @Singleton
  public Assistant assistant(WeftLangChain4j weft, ChatModel model) {
    return weft.instrumentService(AiServices.builder(Assistant.class))
        .chatModel(model)
        .tools(new Calculator())
        .build();
  }
}
