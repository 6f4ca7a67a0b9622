package dev.weft.langchain4j;

import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;

/**
 * The prompt-cache token counts that LangChain4j's provider modules report in their own {@link
 * TokenUsage} types. Each provider module is read only when the application has it: the classes
 * that name its types load on first use, after a check that the module is there.
 */
final class CacheUsage {

  /**
   * Cached input tokens of one call.
   *
   * @param read tokens served from the provider's prompt cache
   * @param written tokens written to it
   * @param countedApart whether the usage's input token count leaves them out (Anthropic's API
   *     does; OpenAI's prompt tokens include the cached ones)
   */
  record Counts(long read, long written, boolean countedApart) {}

  private static final boolean ANTHROPIC =
      present("dev.langchain4j.model.anthropic.AnthropicTokenUsage");
  private static final boolean OPENAI = present("dev.langchain4j.model.openai.OpenAiTokenUsage");

  private CacheUsage() {}

  /** The cache counts of the usage, or {@code null} when its type reports none. */
  static Counts of(TokenUsage usage) {
    if (ANTHROPIC && Anthropic.is(usage)) {
      return Anthropic.counts(usage);
    }
    if (OPENAI && OpenAi.is(usage)) {
      return OpenAi.counts(usage);
    }
    return null;
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, CacheUsage.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static long count(Integer n) {
    return n == null ? 0 : Math.max(0, n);
  }

  private static final class Anthropic {
    static boolean is(TokenUsage usage) {
      return usage instanceof AnthropicTokenUsage;
    }

    static Counts counts(TokenUsage usage) {
      AnthropicTokenUsage a = (AnthropicTokenUsage) usage;
      return new Counts(count(a.cacheReadInputTokens()), count(a.cacheCreationInputTokens()), true);
    }
  }

  private static final class OpenAi {
    static boolean is(TokenUsage usage) {
      return usage instanceof OpenAiTokenUsage;
    }

    static Counts counts(TokenUsage usage) {
      OpenAiTokenUsage.InputTokensDetails details = ((OpenAiTokenUsage) usage).inputTokensDetails();
      return new Counts(details == null ? 0 : count(details.cachedTokens()), 0, false);
    }
  }
}
