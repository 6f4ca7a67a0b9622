package dev.weft.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link JsonText} writes exactly what Jackson's {@code writeValueAsString} writes. */
class JsonTextTest {

  private static final ObjectMapper JACKSON = new ObjectMapper();

  /** Characters that exercise every escaping rule, plus plain and non-ASCII ones. */
  private static final char[] CHARS = {
    'a', 'Z', '0', ' ', '"', '\\', '/', '\b', '\t', '\n', '\f', '\r', '\u0000', '\u0001', '\u001f',
    '\u007f', '\u0080', 'é', '\u2028', '\u2029', '\uFFFD', '\uD83D', '\uDE00', '<', '>', '&', '\''
  };

  @Test
  void randomPlainValuesAreWrittenAsJacksonWritesThem() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    // One writer for all values, reused as the server reuses its per-thread writers.
    JsonText json = new JsonText(JACKSON, 16);
    for (int i = 0; i < 20_000; i++) {
      Object value = value(random, 0);
      assertThat(json.value(value).take()).isEqualTo(JACKSON.writeValueAsString(value));
    }
  }

  @Test
  void structuredWritingMatchesJacksonOnTheEquivalentMaps() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 500; i++) {
      Object a = value(random, 1);
      Object b = value(random, 1);
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("first", a);
      List<Object> list = new ArrayList<>();
      Map<String, Object> inner = new LinkedHashMap<>();
      inner.put("s", "x\"y");
      list.add(inner);
      list.add(b);
      list.add(new LinkedHashMap<>());
      expected.put("list", list);
      expected.put("last", "z");

      JsonText json = new JsonText(JACKSON, 16);
      json.beginObject().name("first").value(a).name("list").beginArray();
      json.beginObject().field("s", "x\"y").fieldIfPresent("absent", null).endObject();
      json.value(b).beginObject().endObject().endArray();
      json.field("last", "z").endObject();
      assertThat(json.take()).isEqualTo(JACKSON.writeValueAsString(expected));
      // The writer is reusable after take().
      assertThat(json.beginArray().value(1L).value(2L).endArray().take()).isEqualTo("[1,2]");
    }
  }

  @Test
  void valuesTooDeepForJacksonFailAsWithJackson() {
    Object deep = "leaf";
    for (int i = 0; i < JsonText.MAX_DEPTH; i++) {
      deep = List.of(deep);
    }
    Object allowed = deep;
    assertThat(new JsonText(JACKSON, 16).value(allowed).take()).startsWith("[[[");
    Object tooDeep = List.of(deep);
    assertThatThrownBy(() -> JACKSON.writeValueAsString(tooDeep)).isInstanceOf(Exception.class);
    assertThatThrownBy(() -> new JsonText(JACKSON, 16).value(tooDeep))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aWriterThatFailedHalfWayWritesTheNextDocumentCleanly() {
    Object tooDeep = "leaf";
    for (int i = 0; i <= JsonText.MAX_DEPTH; i++) {
      tooDeep = List.of(tooDeep);
    }
    Object failing = tooDeep;
    JsonText json = new JsonText(JACKSON, 16);
    json.beginObject().name("a");
    assertThatThrownBy(() -> json.value(failing)).isInstanceOf(IllegalStateException.class);

    assertThat(json.value(Map.of("k", "v")).take()).isEqualTo("{\"k\":\"v\"}");
  }

  @Test
  void aHugeDocumentDoesNotStopTheWriterFromWritingSmallOnes() {
    JsonText json = new JsonText(JACKSON, 16);
    String huge = "x".repeat(1 << 20);

    assertThat(json.value(huge).take()).hasSize(huge.length() + 2);
    assertThat(json.value(List.of(1L, "two")).take()).isEqualTo("[1,\"two\"]");
  }

  private static Object value(SplittableRandom random, int depth) {
    int kind = random.nextInt(depth > 4 ? 9 : 14);
    switch (kind) {
      case 0:
      case 1:
        return string(random);
      case 2:
        return random.nextLong();
      case 3:
        return (long) random.nextInt(-1000, 1000);
      case 4:
        return doubleValue(random);
      case 5:
        return random.nextBoolean();
      case 6:
        return null;
      case 7:
        return random.nextInt();
      case 8:
        return random.nextBoolean() ? (Object) random.nextFloat() : new BigDecimal("1.50");
      case 9:
      case 10:
        {
          Map<String, Object> map = new LinkedHashMap<>();
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            map.put(string(random), value(random, depth + 1));
          }
          return map;
        }
      case 11:
        {
          List<Object> list = new ArrayList<>();
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            list.add(value(random, depth + 1));
          }
          return list;
        }
      case 12:
        {
          // Not random access, or not a list at all: written by Jackson itself.
          List<Object> linked = new LinkedList<>();
          linked.add(value(random, depth + 1));
          return random.nextBoolean() ? linked : new LinkedHashSet<>(linked);
        }
      default:
        {
          Map<Object, Object> map = new LinkedHashMap<>();
          map.put(random.nextInt(100), value(random, depth + 1));
          map.put("k", "v");
          return map;
        }
    }
  }

  /** Short strings, and long ones (scanned a word at a time) mostly plain with rare specials. */
  private static String string(SplittableRandom random) {
    boolean isLong = random.nextBoolean();
    int n = isLong ? random.nextInt(24, 90) : random.nextInt(12);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (isLong && random.nextInt(10) > 0) {
        sb.append((char) random.nextInt(0x20, 0x7f));
      } else {
        sb.append(CHARS[random.nextInt(CHARS.length)]);
      }
    }
    return sb.toString();
  }

  private static double doubleValue(SplittableRandom random) {
    switch (random.nextInt(8)) {
      case 0:
        return Double.NaN;
      case 1:
        return random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2:
        return -0.0;
      case 3:
        return random.nextInt(1000) / 10.0;
      case 4:
        return Double.longBitsToDouble(random.nextLong());
      default:
        return random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
    }
  }
}
