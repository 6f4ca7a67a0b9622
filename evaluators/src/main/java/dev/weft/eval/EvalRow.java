package dev.weft.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.weft.datasets.Dataset;
import dev.weft.datasets.DatasetRow;
import dev.weft.datasets.Digests;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One dataset row: a JSON object, an optional id and the digest that identifies its content.
 *
 * <p>The digest is the SHA-256 of the row's canonical JSON (RFC 8785, as the datasets library and
 * the server compute it), so the same row in two dataset versions, or in two evaluations, pairs up
 * without ids. Rows from the {@code datasets} library keep their digest through {@link
 * #from(DatasetRow)}.
 *
 * @param id the row's id in its dataset, or {@code null}
 * @param digest hex SHA-256 of the canonical JSON of {@code data}
 * @param data the row's fields (unmodifiable)
 */
public record EvalRow(String id, String digest, Map<String, Object> data) {

  static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  /** Checks the fields and makes {@code data} unmodifiable. */
  public EvalRow {
    Objects.requireNonNull(digest, "digest");
    data = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(data, "data")));
  }

  /** A row without id; the digest is computed. */
  public static EvalRow of(Map<String, ?> data) {
    return of(null, data);
  }

  /** A row with an id; the digest is computed from the data only. */
  public static EvalRow of(String id, Map<String, ?> data) {
    return new EvalRow(id, digestOf(data), new LinkedHashMap<>(data));
  }

  /** A row whose digest was computed elsewhere (e.g. by the datasets library). */
  public static EvalRow of(String id, String digest, Map<String, ?> data) {
    return new EvalRow(id, digest, new LinkedHashMap<>(data));
  }

  /** A row from a JSON object node. */
  @SuppressWarnings("unchecked")
  public static EvalRow fromJson(JsonNode object) {
    if (object == null || !object.isObject()) {
      throw new IllegalArgumentException("a dataset row must be a JSON object, got " + object);
    }
    Map<String, Object> data = CANONICAL.convertValue(object, Map.class);
    String id = object.hasNonNull("id") ? object.get("id").asText() : null;
    return of(id, data);
  }

  /** A field, or {@code null}. */
  public Object get(String field) {
    return data.get(field);
  }

  /** A field as text ({@code null} when absent; JSON for non-text values). */
  public String text(String field) {
    return Text.of(data.get(field));
  }

  /**
   * The row digest the datasets library and the server compute: hex SHA-256 of the RFC 8785
   * canonical JSON of the value.
   */
  public static String digestOf(Object value) {
    JsonNode tree = CANONICAL.valueToTree(value);
    if (!tree.isObject()) {
      throw new IllegalArgumentException("a dataset row must be a JSON object, got " + tree);
    }
    return Digests.row(tree);
  }

  /** A row of the datasets library, keeping its digest. */
  @SuppressWarnings("unchecked")
  public static EvalRow from(DatasetRow row) {
    Map<String, Object> data = CANONICAL.convertValue(row.data(), Map.class);
    return of(row.text("id"), row.digest(), data);
  }

  /** Every row of a dataset, in order. */
  public static List<EvalRow> from(Dataset dataset) {
    return dataset.rows().stream().map(EvalRow::from).toList();
  }
}
