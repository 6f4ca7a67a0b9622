package dev.weft.bench;

/** The two formats of PostgreSQL's {@code COPY}; the ceiling is measured in each. */
public enum CopyFormat {
  /** Tab-separated text, PostgreSQL's default: every value parsed from its text form. */
  TEXT("text", ""),
  /** Length-prefixed binary values: no escaping, no parsing of numbers, times or hex. */
  BINARY("binary", " (format binary)");

  private final String label;
  private final String sqlOption;

  CopyFormat(String label, String sqlOption) {
    this.label = label;
    this.sqlOption = sqlOption;
  }

  /** The name used in options and the report. */
  public String label() {
    return label;
  }

  /** What follows {@code FROM STDIN} / {@code TO STDOUT} to select the format. */
  public String sqlOption() {
    return sqlOption;
  }

  /** The format of a label ({@code text} or {@code binary}). */
  public static CopyFormat of(String label) {
    for (CopyFormat f : values()) {
      if (f.label.equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown COPY format '" + label + "'; use text or binary");
  }
}
