package dev.weft.server.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Json#parse} streams JSON into plain values; it must give what the mapper-based reading
 * ({@code readValue(text, Object.class)} then converting Jackson's numbers) gave, for valid and
 * invalid text alike.
 */
class JsonParseTest {

  private static final ObjectMapper REFERENCE =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final String[] PIECES = {
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"a\"",
    "\"b\\n\\u00e9\\\"\"",
    "1",
    "-0",
    "2.50",
    "1e400",
    "123456789012345678901234567890",
    "9223372036854775807",
    "-9223372036854775809",
    "NaN",
    "-Infinity",
    "true",
    "false",
    "null",
    " ",
    "x",
    "\"\\ud83d\\ude00\"",
    "0.1e-3",
    "01",
    "-",
    "+1",
    "1.",
    ".5",
    "1e",
    "1E+",
    "\"\\x\"",
    "\"\\u12G4\"",
    "\"\\u00\u06633\"",
    "\"a\u0001b\"",
    "\u00a0",
    "\f",
    "\t",
    "\r\n",
    "truex",
    "nul",
    "INF",
    "+Infinity",
    "1234567890123456789",
    "12345678901234567890",
    "-9.5E-7",
    "\"\u00e9\"",
    "\"\\/\\b\\f\\r\\t\"",
    "\ufeff"
  };

  @Test
  void parsesRandomTextExactlyAsTheMapperDid() throws Exception {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 50_000; i++) {
      String text = random.nextInt(3) == 0 ? pieces(random) : valid(random);
      assertThat(Json.parse(text)).as(text).isEqualTo(reference(text));
    }
  }

  @Test
  void duplicateKeysTrailingTokensAndScalarsBehaveAsBefore() throws Exception {
    for (String text :
        List.of(
            "{\"a\":1,\"b\":2,\"a\":3}",
            "[1] [2]",
            "[1] x",
            "42",
            "\"s\"",
            "null",
            "  {}  ",
            "{\"a\":[1,{\"b\":null}]}",
            "[NaN,Infinity]",
            "{\"a\":1",
            "")) {
      assertThat(Json.parse(text)).as(text).isEqualTo(reference(text));
    }
  }

  /** The previous implementation. */
  private static Optional<Object> reference(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(plain(REFERENCE.readValue(text, Object.class)));
    } catch (Exception | StackOverflowError e) {
      return Optional.empty();
    }
  }

  private static Object plain(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), plain(e.getValue()));
      }
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(plain(o));
      }
      return out;
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    if (value instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    if (value instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }

  private static String pieces(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  private static String valid(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    value(random, sb, 0);
    return sb.toString();
  }

  private static void value(SplittableRandom random, StringBuilder sb, int depth) {
    int kind = random.nextInt(depth > 3 ? 4 : 6);
    switch (kind) {
      case 0 -> sb.append(PIECES[6 + random.nextInt(PIECES.length - 6)].replace("x", "\"x\""));
      case 1 -> sb.append(random.nextLong());
      case 2 -> sb.append(random.nextDouble() * 1000);
      case 3 -> sb.append("\"k\\t").append(random.nextInt(100)).append('"');
      case 4 -> {
        sb.append('{');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          sb.append("\"k").append(random.nextInt(3)).append("\":");
          value(random, sb, depth + 1);
        }
        sb.append('}');
      }
      default -> {
        sb.append('[');
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          value(random, sb, depth + 1);
        }
        sb.append(']');
      }
    }
  }
}
