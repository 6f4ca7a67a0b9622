package dev.weft.server.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable table of model prices, and the one rule by which a model name as instrumentations
 * report it finds its price.
 *
 * <p>{@link #find} tries, in order, the first that matches winning:
 *
 * <ol>
 *   <li>the name itself, case-insensitively;
 *   <li>the name without a provider or path prefix ({@code openai/gpt-4o}, {@code
 *       models/gemini-1.5-pro}, Bedrock's {@code anthropic.claude-...} and {@code
 *       us.anthropic.claude-...});
 *   <li>the name without date and version suffixes, removed one at a time ({@code
 *       gpt-4o-2024-08-06}, {@code claude-3-5-sonnet-20241022}, {@code -latest}, {@code -001},
 *       {@code @20240620}, Bedrock's {@code -v1:0});
 *   <li>the longest known name that is a prefix of one of those forms ending at a {@code -} ({@code
 *       gpt-4o-mini-search} finds {@code gpt-4o-mini}, never {@code gpt-4o} when {@code
 *       gpt-4o-mini} is known; {@code gpt-4o} never finds {@code gpt-4}).
 * </ol>
 *
 * <p>A model listed with aliases is found under each alias too. Instances are thread-safe.
 */
public final class PriceTable {

  /** Classpath location of the shipped table. */
  static final String RESOURCE = "/pricing/model-prices.json";

  /** Path-style prefix: everything up to the last slash. */
  private static final Pattern PATH_PREFIX = Pattern.compile("^.*/");

  /**
   * Dotted vendor or region prefix ({@code us.}, {@code anthropic.}, {@code meta.}): a word then a
   * dot then a letter, so {@code gpt-4.1} and {@code qwen2.5} are left alone.
   */
  private static final Pattern DOTTED_PREFIX = Pattern.compile("^[a-z][a-z0-9-]*\\.(?=[a-z])");

  /** Date and version suffixes, tried in this order, one removed per step. */
  private static final List<Pattern> SUFFIXES =
      List.of(
          Pattern.compile("@.*$"),
          Pattern.compile(":(\\d+|latest)$"),
          Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$"),
          Pattern.compile("-\\d{8}$"),
          Pattern.compile("-v\\d+(\\.\\d+)*$"),
          Pattern.compile("-\\d{2}-\\d{4}$"),
          Pattern.compile("-(latest|preview|exp|experimental|beta)$"),
          Pattern.compile("-\\d{2}-\\d{2}$"),
          Pattern.compile("-\\d{3,4}$"));

  private static final int MAX_NAME_LENGTH = 512;
  private static final int MAX_REMEMBERED_LOOKUPS = 10_000;

  private final java.util.concurrent.ConcurrentHashMap<String, Optional<ModelPrice>> lookups =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Lowercase name or alias to price. */
  private final Map<String, ModelPrice> prices;

  /** Lowercase alias to the lowercase model name it stands for (models map to themselves). */
  private final Map<String, String> modelOf;

  /** All names, longest first, for prefix matching. */
  private final List<String> namesLongestFirst;

  private final int size;

  private PriceTable(Map<String, ModelPrice> prices, Map<String, String> modelOf) {
    this.prices = Collections.unmodifiableMap(new HashMap<>(prices));
    this.modelOf = Collections.unmodifiableMap(new HashMap<>(modelOf));
    List<String> names = new ArrayList<>(prices.keySet());
    names.sort(Comparator.comparingInt(String::length).reversed().thenComparing(s -> s));
    this.namesLongestFirst = List.copyOf(names);
    this.size = new LinkedHashSet<>(modelOf.values()).size();
  }

  /**
   * The price table shipped with Weft ({@code pricing/model-prices.json}), loaded once.
   *
   * @throws IllegalStateException if the bundled resource is missing or malformed (a build defect)
   */
  public static PriceTable shipped() {
    return Shipped.TABLE;
  }

  /**
   * A table of exactly the given models (names are matched case-insensitively).
   *
   * @param prices model name to price; neither may be {@code null}
   */
  public static PriceTable of(Map<String, ModelPrice> prices) {
    Objects.requireNonNull(prices, "prices");
    Map<String, ModelPrice> byName = new HashMap<>();
    Map<String, String> modelOf = new HashMap<>();
    prices.forEach(
        (name, price) -> {
          String key = key(Objects.requireNonNull(name, "model name"));
          byName.put(key, Objects.requireNonNull(price, "price of " + name));
          modelOf.put(key, key);
        });
    return new PriceTable(byName, modelOf);
  }

  /**
   * This table with the given prices taking precedence. An override for a listed model also
   * replaces the price under that model's aliases; an override for an unknown name adds it. Lookups
   * follow the same matching rule as before, over the combined names.
   *
   * @param overrides model name to price; neither may be {@code null}
   * @return a new table; this one is unchanged
   */
  public PriceTable withOverrides(Map<String, ModelPrice> overrides) {
    Objects.requireNonNull(overrides, "overrides");
    Map<String, ModelPrice> byName = new HashMap<>(prices);
    Map<String, String> names = new HashMap<>(modelOf);
    overrides.forEach(
        (name, price) -> {
          String key = key(Objects.requireNonNull(name, "model name"));
          Objects.requireNonNull(price, "price of " + name);
          byName.put(key, price);
          names.putIfAbsent(key, key);
          modelOf.forEach(
              (alias, model) -> {
                if (model.equals(key)) {
                  byName.put(alias, price);
                }
              });
        });
    return new PriceTable(byName, names);
  }

  /**
   * The price of the model by the matching rule described on this class.
   *
   * @param model the model name as reported (request or response model), may be {@code null}
   * @return the price, or empty when the name is blank or matches nothing
   */
  public Optional<ModelPrice> find(String model) {
    if (model == null || model.isBlank() || model.length() > MAX_NAME_LENGTH) {
      return Optional.empty();
    }
    // Every span is priced on the ingest path and most name the same few models: remember answers.
    Optional<ModelPrice> known = lookups.get(model);
    if (known != null) {
      return known;
    }
    Optional<ModelPrice> found = match(model);
    if (lookups.size() >= MAX_REMEMBERED_LOOKUPS) {
      lookups.clear();
    }
    lookups.put(model, found);
    return found;
  }

  private Optional<ModelPrice> match(String model) {
    List<String> forms = forms(key(model));
    for (String form : forms) {
      ModelPrice price = prices.get(form);
      if (price != null) {
        return Optional.of(price);
      }
    }
    for (String form : forms) {
      for (String name : namesLongestFirst) {
        if (form.length() > name.length()
            && form.startsWith(name)
            && form.charAt(name.length()) == '-') {
          return Optional.of(prices.get(name));
        }
      }
    }
    return Optional.empty();
  }

  /** The number of models in the table (aliases not counted). */
  public int size() {
    return size;
  }

  /** The name and its prefix- and suffix-stripped forms, in the order they are tried. */
  static List<String> forms(String name) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(name);
    String current = PATH_PREFIX.matcher(name).replaceFirst("");
    for (int i = 0; i < 3; i++) {
      Matcher m = DOTTED_PREFIX.matcher(current);
      if (!m.find()) {
        break;
      }
      current = current.substring(m.end());
    }
    if (!current.isEmpty()) {
      forms.add(current);
    }
    for (int step = 0; step < 10 && !current.isEmpty(); step++) {
      String next = stripOneSuffix(current);
      if (next == null || next.isEmpty()) {
        break;
      }
      forms.add(next);
      current = next;
    }
    return new ArrayList<>(forms);
  }

  private static String stripOneSuffix(String name) {
    for (Pattern p : SUFFIXES) {
      Matcher m = p.matcher(name);
      if (m.find()) {
        return name.substring(0, m.start());
      }
    }
    return null;
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }

  /** Reads the shipped resource: {@code {"updated", "source", "models": [...]}}. */
  static PriceTable load(InputStream in) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    JsonNode models = root == null ? null : root.get("models");
    if (models == null || !models.isArray()) {
      throw new IllegalStateException("price table has no \"models\" array");
    }
    Map<String, ModelPrice> byName = new LinkedHashMap<>();
    Map<String, String> modelOf = new LinkedHashMap<>();
    for (JsonNode entry : models) {
      String model = entry.path("model").asText("");
      JsonNode in1 = entry.get("inputPerMillion");
      JsonNode out1 = entry.get("outputPerMillion");
      if (model.isBlank() || in1 == null || !in1.isNumber() || out1 == null || !out1.isNumber()) {
        throw new IllegalStateException("malformed price table entry: " + entry);
      }
      ModelPrice price =
          new ModelPrice(
              in1.asDouble(),
              out1.asDouble(),
              optionalPrice(entry, "cacheReadPerMillion"),
              optionalPrice(entry, "cacheWritePerMillion"));
      if (price.inputPerMillion() < 0 || price.outputPerMillion() < 0) {
        throw new IllegalStateException("negative price for " + model);
      }
      String key = key(model);
      List<String> names = new ArrayList<>();
      names.add(key);
      entry.path("aliases").forEach(a -> names.add(key(a.asText())));
      for (String name : names) {
        if (byName.putIfAbsent(name, price) != null) {
          throw new IllegalStateException("price table lists " + name + " twice");
        }
        modelOf.put(name, key);
      }
    }
    return new PriceTable(byName, modelOf);
  }

  /** An entry's optional price field: absent, or a number >= 0. */
  private static Double optionalPrice(JsonNode entry, String field) {
    JsonNode value = entry.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isNumber() || value.asDouble() < 0) {
      throw new IllegalStateException("malformed " + field + " in price table entry: " + entry);
    }
    return value.asDouble();
  }

  /** Lazy holder: the shipped table is read on first use, once. */
  private static final class Shipped {
    static final PriceTable TABLE = read();

    private static PriceTable read() {
      try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        return load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
    }
  }
}
