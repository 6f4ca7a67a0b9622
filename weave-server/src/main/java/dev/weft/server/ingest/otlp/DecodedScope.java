package dev.weft.server.ingest.otlp;

/**
 * The instrumentation scope (library) that produced spans.
 *
 * @param name scope name, or empty
 * @param version scope version, or empty
 */
public record DecodedScope(String name, String version) {

  /** The scope with no name and no version. */
  public static final DecodedScope EMPTY = new DecodedScope("", "");
}
