package dev.weft.eval;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns model outputs and row fields into text for text scorers. */
public final class Text {

  private Text() {}

  /** {@code null} stays null, text stays as is, anything else becomes compact JSON. */
  public static String of(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof CharSequence s) {
      return s.toString();
    }
    if (value instanceof ModelOutput m) {
      return of(m.value());
    }
    try {
      return EvalRow.CANONICAL.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
