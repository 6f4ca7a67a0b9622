package dev.weft.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One dataset row: a JSON object, an optional id and the digest that identifies its content.
 *
 * <p>The digest is the SHA-256 of the row's canonical JSON (keys sorted), so the same row in two
 * dataset versions, or in two evaluations, pairs up without ids. Rows from the {@code datasets}
 * library carry their own digest and can be wrapped with {@link #of(String, String, Map)}.
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

  /** Hex SHA-256 of the canonical JSON of a value (object keys sorted, at every depth). */
  public static String digestOf(Object value) {
    try {
      byte[] json = CANONICAL.writeValueAsBytes(CANONICAL.valueToTree(value));
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(json)));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("row is not representable as JSON: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ORDER_MAP_ENTRIES_BY_KEYS sorts maps but not ObjectNodes, so sort the tree explicitly.
  private static byte[] canonical(byte[] json) throws JsonProcessingException {
    try {
      JsonNode tree = CANONICAL.readTree(json);
      return CANONICAL.writeValueAsString(sorted(tree)).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new java.util.TreeMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), sorted(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      java.util.List<Object> list = new java.util.ArrayList<>();
      node.forEach(n -> list.add(sorted(n)));
      return list;
    }
    return node;
  }
}
