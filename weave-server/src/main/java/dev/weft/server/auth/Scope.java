package dev.weft.server.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API key may do within its project. */
public enum Scope {
  /** Send spans (OTLP) and other telemetry. */
  INGEST,
  /** Read traces, spans, sessions and settings. */
  READ,
  /** Manage keys, prices and projects. */
  ADMIN;

  /** The lower-case name used in the API and in storage. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a comma-separated list such as {@code ingest,read}; unknown names are an error. */
  public static Set<Scope> parseList(String csv) {
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        scopes.add(parse(part));
      }
    }
    return scopes;
  }

  /** Parses one scope name, case-insensitively. */
  public static Scope parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown scope '" + name.trim() + "'; valid scopes are ingest, read, admin");
    }
  }

  /** Formats scopes as the comma-separated list stored in the database. */
  public static String toList(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::wireName).collect(Collectors.joining(","));
  }
}
