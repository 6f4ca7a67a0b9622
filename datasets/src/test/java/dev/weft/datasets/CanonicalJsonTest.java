package dev.weft.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

  private static String canon(String json) {
    return CanonicalJson.write(CanonicalJson.parse(json));
  }

  @Test
  void sortsKeysAtEveryLevelAndDropsWhitespace() {
    assertThat(canon("{ \"b\" : 1, \"a\" : { \"z\": [ 3, {\"y\":1,\"x\":2} ], \"c\": null } }"))
        .isEqualTo("{\"a\":{\"c\":null,\"z\":[3,{\"x\":2,\"y\":1}]},\"b\":1}");
  }

  @Test
  void sortsKeysByUtf16CodeUnitsAsRfc8785Asks() {
    // RFC 8785 section 3.2.3 example: U+20AC sorts after U+00F6 but before U+1F600 (a surrogate
    // pair, whose first unit is 0xD83D) and "\r" sorts first.
    assertThat(canon("{\"\u20ac\":1,\"\ud83d\ude00\":2,\"\u00f6\":3,\"\\r\":4,\"1\":5}"))
        .isEqualTo("{\"\\r\":4,\"1\":5,\"\u00f6\":3,\"\u20ac\":1,\"\ud83d\ude00\":2}");
  }

  @Test
  void arrayOrderIsKept() {
    assertThat(canon("[3,1,2]")).isEqualTo("[3,1,2]");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1|1",
        "1.0|1",
        "1e0|1",
        "1e2|100",
        "1E2|100",
        "100|100",
        "-0|0",
        "-0.0|0",
        "0.5|0.5",
        "4.50|4.5",
        "2e-3|0.002",
        "1e-6|0.000001",
        "1e-7|1e-7",
        "1.5e-7|1.5e-7",
        "123456789012345678901|123456789012345678901",
        "1e21|1e+21",
        "1e20|100000000000000000000",
        "1E30|1e+30",
        "333333333.33333329|333333333.3333333",
        "0.000000000000000000000000001|1e-27",
        "-1.25|-1.25",
        "9007199254740992|9007199254740992",
        "9007199254740993|9007199254740993",
        "0.1|0.1",
        "5e-324|5e-324",
        "1.7976931348623157e308|1.7976931348623157e+308",
        "295147905179352830000|295147905179352830000",
        "0.30000000000000004|0.30000000000000004",
      })
  void writesNumbersAsEcmaScriptDoes(String in, String out) {
    assertThat(canon(in)).isEqualTo(out);
  }

  @Test
  void oneAndOnePointZeroHaveTheSameDigest() {
    assertThat(Digests.row(CanonicalJson.parse("{\"a\":1}")))
        .isEqualTo(Digests.row(CanonicalJson.parse("{\"a\":1.0}")))
        .isEqualTo(Digests.row(CanonicalJson.parse("{\"a\":1e0}")));
    assertThat(Digests.row(CanonicalJson.parse("{\"a\":100}")))
        .isEqualTo(Digests.row(CanonicalJson.parse("{\"a\":1e2}")));
  }

  @Test
  void escapesOnlyWhatJsonRequires() {
    assertThat(canon("\"\\u0041\\u00e9\\u20ac\\ud83d\\ude00\\/\""))
        .isEqualTo("\"A\u00e9\u20ac\ud83d\ude00/\"");
    assertThat(canon("\"q\\\"b\\\\n\\n t\\t\\b\\f\\r\\u0001\\u001f\\u007f\""))
        .isEqualTo("\"q\\\"b\\\\n\\n t\\t\\b\\f\\r\\u0001\\u001f\u007f\"");
    assertThat(canon("\"\\u2028\"")).isEqualTo("\"\u2028\"");
  }

  @Test
  void keepsALoneSurrogateAsAnEscape() {
    assertThat(canon("\"a\\ud800b\"")).isEqualTo("\"a\\ud800b\"");
  }

  @Test
  void literalsAndEmptyContainers() {
    assertThat(canon("{\"t\":true,\"f\":false,\"n\":null,\"o\":{},\"a\":[]}"))
        .isEqualTo("{\"a\":[],\"f\":false,\"n\":null,\"o\":{},\"t\":true}");
  }

  @Test
  void rejectsDuplicateKeysAndTrailingContent() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Duplicate field 'a'");
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1} {\"b\":2}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.parse("NaN"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNonFiniteDoubles() {
    assertThatThrownBy(() -> CanonicalJson.formatDouble(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsEveryDoubleSoItReadsBackExactly() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      String s = CanonicalJson.formatDouble(d);
      assertThat(Double.parseDouble(s)).as(s).isEqualTo(d == 0 ? 0.0 : d);
    }
  }
}
