package dev.weft.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One row of a dataset: a JSON object and its content digest. Two rows with the same canonical JSON
 * are the same row, wherever and whenever they were made.
 *
 * @param data the row's fields (a JSON object; treat it as read-only)
 * @param digest SHA-256 of the canonical JSON of {@code data}, see {@link Digests#row}
 */
public record DatasetRow(ObjectNode data, String digest) {

  /** Checks that the digest is the digest of the data. */
  public DatasetRow {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(digest, "digest");
  }

  /**
   * A row from a JSON object.
   *
   * @throws IllegalArgumentException when the value is not a JSON object
   */
  public static DatasetRow of(JsonNode data) {
    if (data == null || !data.isObject()) {
      throw new IllegalArgumentException(
          "a row must be a JSON object such as {\"input\": \"...\", \"expected\": \"...\"}, got "
              + (data == null ? "nothing" : data.getNodeType().toString().toLowerCase()));
    }
    return new DatasetRow((ObjectNode) data, Digests.row(data));
  }

  /**
   * A row from the text of a JSON object.
   *
   * @throws IllegalArgumentException when the text is not one JSON object
   */
  public static DatasetRow parse(String json) {
    return of(CanonicalJson.parse(json));
  }

  /** The value of a field, or {@code null} when the row has none. */
  public JsonNode get(String field) {
    return data.get(field);
  }

  /** The text of a field ({@code asText()} of non-strings), or {@code null} when absent. */
  public String text(String field) {
    JsonNode v = data.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Rows are equal when their digests are (same canonical JSON). */
  @Override
  public boolean equals(Object o) {
    return o instanceof DatasetRow other && digest.equals(other.digest);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  /** The canonical JSON of the row (what its digest is computed over). */
  public String canonicalJson() {
    return CanonicalJson.write(data);
  }
}
