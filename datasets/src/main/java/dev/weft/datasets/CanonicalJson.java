package dev.weft.datasets;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON: the one serialisation that row digests are computed over, shared by the server
 * and every client.
 *
 * <p>It follows RFC 8785 (JSON Canonicalization Scheme): object members sorted by the UTF-16 code
 * units of their names, no whitespace, strings with minimal escaping ({@code \"}, {@code \\}, the
 * short escapes {@code \b \f \n \r \t}, other control characters as lower-case {@code \}{@code
 * u00xx}; everything else as UTF-8), and numbers written the way ECMAScript writes a double: {@code
 * 1}, {@code 1.0} and {@code 1e0} are all {@code 1}, {@code 1e2} is {@code 100}, {@code 1.5e-7} is
 * {@code 1.5e-7}, shortest digits that read back to the same double.
 *
 * <p>One deliberate difference: an integer literal whose magnitude is above 2<sup>53</sup> is
 * written with all its digits instead of being rounded to the nearest double, so that distinct
 * 64-bit ids never share a digest. A lone UTF-16 surrogate (which RFC 8785 rejects) is kept as a
 * {@code \}{@code udxxx} escape so any string Jackson can read has a digest.
 */
public final class CanonicalJson {

  private static final BigInteger MAX_SAFE_INTEGER = BigInteger.valueOf(1L << 53);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * The mapper this library reads rows with: duplicate object keys are an error (a row with two
   * values for one key has no single meaning), as are trailing tokens after a value.
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private CanonicalJson() {}

  /** The shared strict mapper (duplicate keys and trailing content are errors). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Parses one JSON text strictly.
   *
   * @throws IllegalArgumentException with the parser's message when the text is not one valid JSON
   *     value or has a duplicate key
   */
  public static JsonNode parse(String json) {
    try (JsonParser p = MAPPER.createParser(json)) {
      JsonNode node = MAPPER.readTree(p);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException("empty JSON text");
      }
      return node;
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(DatasetFormatException.shortMessage(e), e);
    }
  }

  /** The canonical text of a JSON value. */
  public static String write(JsonNode node) {
    StringBuilder out = new StringBuilder(64);
    append(node, out);
    return out.toString();
  }

  /** The canonical text of a JSON value as UTF-8 bytes (what digests are computed over). */
  public static byte[] bytes(JsonNode node) {
    return write(node).getBytes(StandardCharsets.UTF_8);
  }

  private static void append(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        it.forEachRemaining(fields::add);
        // String.compareTo compares UTF-16 code units, exactly the order RFC 8785 asks for.
        fields.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(fields.get(i).getKey(), out);
          out.append(':');
          append(fields.get(i).getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NULL -> out.append("null");
      case NUMBER -> number(node, out);
      default ->
          throw new IllegalArgumentException(
              "not a JSON value: " + node.getNodeType() + " (binary and POJO nodes have no JSON)");
    }
  }

  private static void number(JsonNode node, StringBuilder out) {
    if (node.isIntegralNumber()) {
      BigInteger v = node.bigIntegerValue();
      if (v.abs().compareTo(MAX_SAFE_INTEGER) <= 0) {
        out.append(v.longValue());
      } else {
        out.append(v); // exact digits: see the class comment
      }
      return;
    }
    double d = node.doubleValue();
    if (node.isBigDecimal()) {
      d = node.decimalValue().doubleValue();
    }
    out.append(formatDouble(d));
  }

  /**
   * Writes a double the way ECMAScript's {@code Number.prototype.toString} does (RFC 8785 section
   * 3.2.2.3): shortest digits that read back to the same double, plain notation for exponents from
   * -6 to 20, otherwise {@code d.ddde±x}.
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot carry
   */
  public static String formatDouble(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JSON has no " + d + "; use null or a string");
    }
    if (d == 0) {
      return "0"; // also for -0, as ECMAScript does
    }
    StringBuilder out = new StringBuilder(24);
    if (d < 0) {
      out.append('-');
      d = -d;
    }
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().toString();
    // Strip trailing zeros of the digit string; the exponent keeps the value.
    int k = digits.length();
    while (k > 1 && digits.charAt(k - 1) == '0') {
      k--;
    }
    int n = digits.length() - shortest.scale(); // value = 0.digits * 10^n
    digits = digits.substring(0, k);
    if (k <= n && n <= 21) {
      out.append(digits);
      out.append("0".repeat(n - k));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      int e = n - 1;
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }

  /**
   * The shortest decimal that reads back as {@code d} (positive, finite), closest to {@code d}
   * among those of that length. Tries the nearest, the next lower and the next higher decimal at
   * each precision, because near a power of two the nearest one may fall outside the double's
   * rounding interval while a neighbour does not.
   */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal best = null;
      for (RoundingMode mode :
          new RoundingMode[] {RoundingMode.HALF_EVEN, RoundingMode.FLOOR, RoundingMode.CEILING}) {
        BigDecimal candidate = exact.round(new MathContext(precision, mode));
        if (candidate.doubleValue() == d
            && (best == null
                || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = candidate;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            unicodeEscape(c, out);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicodeEscape(c, out); // lone surrogate: UTF-8 cannot carry it
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void unicodeEscape(char c, StringBuilder out) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }
}
