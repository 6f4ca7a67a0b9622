package dev.weft.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets before anything leaves the process: values under sensitive key names (matched on
 * the last dotted segment, case-insensitively, exactly or as a {@code _name} suffix, so {@code
 * openai_api_key} matches {@code api_key} but {@code max_tokens} does not match {@code token}), and
 * any text that matches a secret-looking pattern (bearer tokens, {@code sk-...} keys, JWTs, ...).
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}; {@link #defaults()} is what the
 * SDK uses unless told otherwise.
 */
public final class Redactor {

  /** What replaces a redacted value. */
  public static final String REDACTED = "[REDACTED]";

  /** Key names redacted by default. */
  public static final List<String> DEFAULT_KEYS =
      List.of(
          "api_key",
          "apikey",
          "x_api_key",
          "password",
          "passwd",
          "pwd",
          "secret",
          "client_secret",
          "token",
          "access_token",
          "refresh_token",
          "id_token",
          "auth_token",
          "authorization",
          "proxy_authorization",
          "cookie",
          "set_cookie",
          "private_key",
          "credentials",
          "session_token");

  /** Value patterns redacted by default (the matching part only). */
  public static final List<String> DEFAULT_PATTERNS =
      List.of(
          "(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{8,}",
          "(?i)\\bbasic\\s+[A-Za-z0-9+/=]{12,}",
          "\\bsk-[A-Za-z0-9_-]{16,}",
          "\\bweft_[A-Za-z0-9_-]{16,}",
          "\\bAKIA[0-9A-Z]{16}\\b",
          "\\bgh[pousr]_[A-Za-z0-9]{30,}",
          "\\bxox[abpr]-[A-Za-z0-9-]{10,}",
          "\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}",
          "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----");

  private static final Redactor DEFAULTS = builder().build();
  private static final Redactor NONE = new Redactor(Set.of(), List.of(), List.of());

  private final String[] keys;
  private final Set<String> keySet;

  /** The built-in patterns: only tried on text that has a token-like run (see {@link #mayHold}). */
  private final Pattern builtin;

  /** Patterns added by the application: always tried. */
  private final Pattern custom;

  private Redactor(Set<String> keys, List<Pattern> builtin, List<Pattern> custom) {
    this.keySet = keys;
    this.keys = keys.toArray(new String[0]);
    this.builtin = combine(builtin);
    this.custom = combine(custom);
  }

  private static Pattern combine(List<Pattern> patterns) {
    if (patterns.isEmpty()) {
      return null;
    }
    StringBuilder alternation = new StringBuilder();
    for (Pattern p : patterns) {
      if (alternation.length() > 0) {
        alternation.append('|');
      }
      alternation.append("(?:").append(p.pattern()).append(')');
    }
    return Pattern.compile(alternation.toString());
  }

  /**
   * A cheap test that text may hold a built-in secret: every built-in pattern needs a {@code
   * bearer}/{@code basic} word, a {@code -----} PEM line, or a run of token characters ({@code
   * [A-Za-z0-9_+/=.-]}) that is at least 8 long with a digit or symbol in it, or 16 long. Most
   * captured text (prose, short values) has none, and this scan costs far less than the regex.
   */
  static boolean mayHold(String text) {
    int run = 0;
    boolean mixed = false;
    int dashes = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if ((c == 'b' || c == 'B')
          && (text.regionMatches(true, i + 1, "earer", 0, 5)
              || text.regionMatches(true, i + 1, "asic", 0, 4))) {
        return true;
      }
      if (letter
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-'
          || c == '+'
          || c == '/'
          || c == '='
          || c == '.') {
        run++;
        mixed |= !letter;
        if ((run >= 8 && mixed) || run >= 16) {
          return true;
        }
      } else {
        run = 0;
        mixed = false;
      }
      dashes = c == '-' ? dashes + 1 : 0;
      if (dashes >= 5) {
        return true;
      }
    }
    return false;
  }

  /** The default key names and patterns. */
  public static Redactor defaults() {
    return DEFAULTS;
  }

  /** Redacts nothing. */
  public static Redactor none() {
    return NONE;
  }

  /** A builder preloaded with the defaults ({@link Builder#clear()} starts empty). */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether a value under this attribute or JSON key must be hidden entirely. */
  public boolean isSensitiveKey(String key) {
    if (key == null || keys.length == 0) {
      return false;
    }
    String last = normalize(key.substring(key.lastIndexOf('.') + 1));
    if (keySet.contains(last)) {
      return true;
    }
    int n = last.length();
    for (String k : keys) {
      int at = n - k.length() - 1;
      if (at >= 0 && last.charAt(at) == '_' && last.endsWith(k)) {
        return true;
      }
    }
    return false;
  }

  /** The text with every secret-looking part replaced by {@link #REDACTED}. */
  public String redactText(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (builtin != null && mayHold(out)) {
      out = replace(builtin, out);
    }
    if (custom != null) {
      out = replace(custom, out);
    }
    return out;
  }

  private static String replace(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.replaceAll(REDACTED) : text;
  }

  /**
   * Whether serialized JSON may need redaction: it holds a key name that contains a sensitive name,
   * or text a pattern may match. False means {@link #redactTree} would change nothing, so a caller
   * can keep the text as it is without building a tree.
   */
  boolean mayNeedRedaction(String json) {
    if (custom != null || (builtin != null && mayHold(json))) {
      return true;
    }
    if (keys.length == 0) {
      return false;
    }
    String lower = json.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    for (String k : keys) {
      if (lower.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /** The value for a key: {@link #REDACTED} for a sensitive key, else the text with patterns. */
  public String redact(String key, String value) {
    return isSensitiveKey(key) ? REDACTED : redactText(value);
  }

  /** Redacts a JSON tree in place (keys and text values) and returns it. */
  public JsonNode redactTree(JsonNode node) {
    if (node instanceof ObjectNode object) {
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      List<Map.Entry<String, JsonNode>> replace = new ArrayList<>();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (isSensitiveKey(field.getKey()) && !field.getValue().isNull()) {
          replace.add(Map.entry(field.getKey(), TextNode.valueOf(REDACTED)));
        } else {
          JsonNode child = field.getValue();
          if (child.isTextual()) {
            String redacted = redactText(child.textValue());
            if (!Objects.equals(redacted, child.textValue())) {
              replace.add(Map.entry(field.getKey(), TextNode.valueOf(redacted)));
            }
          } else {
            redactTree(child);
          }
        }
      }
      for (Map.Entry<String, JsonNode> r : replace) {
        object.set(r.getKey(), r.getValue());
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        if (child.isTextual()) {
          array.set(i, TextNode.valueOf(redactText(child.textValue())));
        } else {
          redactTree(child);
        }
      }
    }
    return node;
  }

  /** {@code X-Api-Key}, {@code apiKey}, {@code API_KEY} → {@code x_api_key}, {@code api_key}. */
  private static String normalize(String key) {
    StringBuilder b = new StringBuilder(key.length() + 4);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(key.charAt(i - 1))) {
        b.append('_');
      }
      b.append(c == '-' || c == ' ' ? '_' : Character.toLowerCase(c));
    }
    return b.toString();
  }

  /** Builds a {@link Redactor}. */
  public static final class Builder {
    private final Set<String> keys = new LinkedHashSet<>(DEFAULT_KEYS);
    private final List<Pattern> builtin = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();

    private Builder() {
      for (String p : DEFAULT_PATTERNS) {
        builtin.add(Pattern.compile(p));
      }
    }

    /** Drops the default keys and patterns. */
    public Builder clear() {
      keys.clear();
      builtin.clear();
      patterns.clear();
      return this;
    }

    /** Adds key names whose values are always hidden. */
    public Builder keys(String... names) {
      for (String n : names) {
        keys.add(normalize(Objects.requireNonNull(n, "key")));
      }
      return this;
    }

    /** Adds a regular expression whose matches are hidden in every text value. */
    public Builder pattern(String regex) {
      patterns.add(Pattern.compile(Objects.requireNonNull(regex, "regex")));
      return this;
    }

    /** The redactor. */
    public Redactor build() {
      return new Redactor(Set.copyOf(keys), List.copyOf(builtin), List.copyOf(patterns));
    }
  }
}
