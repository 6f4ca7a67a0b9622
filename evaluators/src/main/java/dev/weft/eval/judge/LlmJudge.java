package dev.weft.eval.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.weft.eval.EvalRow;
import dev.weft.eval.Score;
import dev.weft.eval.Scorer;
import dev.weft.eval.Text;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scorer that asks a LangChain4j {@link ChatModel} (any provider) for a verdict. The prompt is a
 * visible, replaceable template with {@code {{placeholders}}}; the judge must answer a JSON object
 * {@code {"reasoning": "...", "score": n}} with n in the scale. The score is normalised to 0–1, the
 * reasoning kept as the score's reason, and anything unparsable raised as {@link
 * JudgeOutputException} so the row shows an error rather than a zero. Build with {@link Judges} or
 * {@link #builder(ChatModel)}.
 */
public final class LlmJudge implements Scorer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_.]+)\\s*}}");
  private static final Pattern OBJECT = Pattern.compile("\\{.*}", Pattern.DOTALL);

  private final ChatModel model;
  private final String name;
  private final String template;
  private final Map<String, String> variables;
  private final double min;
  private final double max;
  private final double passAt;
  private final int retries;
  private final Duration backoff;

  private LlmJudge(Builder b) {
    this.model = b.model;
    this.name = b.name;
    this.template = b.template;
    this.variables = Map.copyOf(b.variables);
    this.min = b.min;
    this.max = b.max;
    this.passAt = b.passAt;
    this.retries = b.retries;
    this.backoff = b.backoff;
  }

  /** A builder for a judge on this model. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  @Override
  public String name() {
    return name;
  }

  /** The prompt template (placeholders unfilled). */
  public String template() {
    return template;
  }

  /** The prompt sent for one row and output. */
  public String prompt(EvalRow row, Object output) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String key = m.group(1);
      String value;
      if (key.equals("output")) {
        value = Text.of(output);
      } else if (variables.containsKey(key)) {
        value = variables.get(key);
      } else {
        value = row.text(key);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "(none)" : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  @Override
  public List<Score> score(EvalRow row, Object output) throws Exception {
    String prompt = prompt(row, output);
    String answer = ask(prompt);
    return List.of(parse(answer));
  }

  private String ask(String prompt) throws InterruptedException {
    RuntimeException last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        Thread.sleep(backoff.toMillis() * (1L << Math.min(attempt - 1, 10)));
      }
      try {
        return model.chat(UserMessage.from(prompt)).aiMessage().text();
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw last;
  }

  Score parse(String answer) throws JudgeOutputException {
    if (answer == null || answer.isBlank()) {
      throw new JudgeOutputException("the judge gave an empty answer", answer);
    }
    Matcher m = OBJECT.matcher(answer);
    if (!m.find()) {
      throw new JudgeOutputException(
          "the judge did not answer a JSON object with \"reasoning\" and \"score\"", answer);
    }
    JsonNode verdict;
    try {
      verdict = JSON.readTree(m.group());
    } catch (Exception e) {
      throw new JudgeOutputException("the judge's JSON does not parse", answer);
    }
    JsonNode score = verdict.get("score");
    double value;
    if (score != null && score.isNumber()) {
      value = score.doubleValue();
    } else if (score != null && score.isBoolean()) {
      value = score.booleanValue() ? max : min;
    } else if (score != null && score.isTextual()) {
      try {
        value = Double.parseDouble(score.asText().trim());
      } catch (NumberFormatException e) {
        throw new JudgeOutputException("the judge's score is not a number", answer);
      }
    } else {
      throw new JudgeOutputException("the judge's answer has no \"score\"", answer);
    }
    if (!Double.isFinite(value) || value < min || value > max) {
      throw new JudgeOutputException(
          "the judge's score " + value + " is outside " + min + ".." + max, answer);
    }
    double normalized = max == min ? 1.0 : (value - min) / (max - min);
    JsonNode reasoning = verdict.get("reasoning");
    String reason = reasoning == null || reasoning.isNull() ? answer : reasoning.asText();
    return new Score(name, normalized, normalized >= passAt, reason);
  }

  /** Configures an {@link LlmJudge}. */
  public static final class Builder {
    private final ChatModel model;
    private String name = "judge";
    private String template = Judges.RUBRIC_TEMPLATE;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private double min = 1;
    private double max = 5;
    private double passAt = 0.5;
    private int retries = 2;
    private Duration backoff = Duration.ofMillis(500);

    private Builder(ChatModel model) {
      this.model = Objects.requireNonNull(model, "model");
    }

    /** The score name. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The prompt: {@code {{output}}} is the model output, {@code {{field}}} a row field, other
     * placeholders come from {@link #variable}. It must ask for {@code {"reasoning", "score"}}.
     */
    public Builder template(String template) {
      this.template = Objects.requireNonNull(template, "template");
      return this;
    }

    /** A fixed value for a placeholder (e.g. {@code criteria}). */
    public Builder variable(String name, String value) {
      variables.put(name, value);
      return this;
    }

    /** The judge's scale; scores are normalised to 0–1 (default 1–5). */
    public Builder scale(double min, double max) {
      if (!(max >= min)) {
        throw new IllegalArgumentException("max must be ≥ min");
      }
      this.min = min;
      this.max = max;
      return this;
    }

    /** Normalised score from which a row passes (default 0.5). */
    public Builder passAt(double passAt) {
      this.passAt = passAt;
      return this;
    }

    /** Retries of failed judge calls (e.g. 429), with exponential backoff (default 2, 500 ms). */
    public Builder retries(int retries, Duration backoff) {
      this.retries = retries;
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /** The judge. */
    public LlmJudge build() {
      return new LlmJudge(this);
    }
  }
}
