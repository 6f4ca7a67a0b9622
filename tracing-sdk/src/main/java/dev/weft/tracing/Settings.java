package dev.weft.tracing;

import java.util.Locale;
import java.util.function.Function;

/**
 * Reads a setting by its environment-variable name: the system property of the same name in lower
 * case with dots ({@code WEFT_API_KEY} → {@code weft.api.key}) wins over the environment variable.
 */
public final class Settings {

  private final Function<String, String> env;
  private final Function<String, String> properties;

  private Settings(Function<String, String> env, Function<String, String> properties) {
    this.env = env;
    this.properties = properties;
  }

  /** System properties, then the process environment. */
  public static Settings system() {
    return new Settings(System::getenv, System::getProperty);
  }

  /** Only the given lookup (by environment-variable name); for tests and embedding. */
  public static Settings of(Function<String, String> lookup) {
    return new Settings(lookup, k -> null);
  }

  /** The value, or null when unset or blank. */
  public String get(String envName) {
    String v = properties.apply(envName.toLowerCase(Locale.ROOT).replace('_', '.'));
    if (v == null || v.isBlank()) {
      v = env.apply(envName);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  /** The value or a default. */
  public String get(String envName, String fallback) {
    String v = get(envName);
    return v == null ? fallback : v;
  }

  /** A number setting; a malformed value falls back to the default. */
  public long getLong(String envName, long fallback) {
    String v = get(envName);
    try {
      return v == null ? fallback : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** A decimal setting; a malformed value falls back to the default. */
  public double getDouble(String envName, double fallback) {
    String v = get(envName);
    try {
      return v == null ? fallback : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** A boolean setting ({@code true/false/1/0/yes/no}). */
  public boolean getBoolean(String envName, boolean fallback) {
    String v = get(envName);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> fallback;
    };
  }
}
