package dev.weft.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden digests: these values are fixed forever. If one changes, every stored dataset's row
 * identities change with it, so a failure here is a breaking change, never a test to update.
 */
class DigestsTest {

  @Test
  void rowDigestIsSha256OfCanonicalJson() {
    // sha256('{"a":1,"b":"x"}')
    assertThat(DatasetRow.parse("{ \"b\": \"x\", \"a\": 1.0 }").digest())
        .isEqualTo("ecf9e98ec0641e23113ff3ce8bdc78d0ddd249886517fd4a7f68cc83d4e65667");
  }

  @Test
  void goldenRowDigests() {
    assertThat(DatasetRow.parse("{}").digest())
        .isEqualTo("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    assertThat(
            DatasetRow.parse(
                    "{\"question\":\"Wie heißt die Hauptstadt?\",\"n\":[1e2,-0.5,true,null],"
                        + "\"emoji\":\"\ud83d\ude00\",\"nested\":{\"z\":1,\"a\":{\"y\":2}}}")
                .digest())
        .isEqualTo("1f35154a846f5850ee5bf3faf158d70fcc1a79a498d5fd26599ccbd99f5c3ad9");
  }

  @Test
  void goldenVersionDigests() {
    assertThat(Digests.version(List.of()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(
            Dataset.of("t", List.of(DatasetRow.parse("{\"a\":1}"), DatasetRow.parse("{\"a\":2}")))
                .digest())
        .isEqualTo("10489b307aeb5260cc042a20e6d195e2a771dae3328ffaa64af5911e2194d275");
  }

  @Test
  void versionDigestDependsOnOrder() {
    var a = DatasetRow.parse("{\"a\":1}");
    var b = DatasetRow.parse("{\"a\":2}");
    assertThat(Dataset.of("t", List.of(a, b)).digest())
        .isNotEqualTo(Dataset.of("t", List.of(b, a)).digest());
  }

  @Test
  void sampleDigestsAreStable() {
    assertThat(Samples.questionAnswering().digest())
        .isEqualTo("57943a165bb095a4b8732ffb2bd443a7d4f4fea1682f0a1d35192265ff1260c4");
  }

  @Test
  void rowsWithTheSameCanonicalJsonAreEqual() {
    assertThat(DatasetRow.parse("{\"a\":1.0,\"b\":[1e2]}"))
        .isEqualTo(DatasetRow.parse("{ \"b\": [100], \"a\": 1 }"))
        .hasSameHashCodeAs(DatasetRow.parse("{\"b\":[100],\"a\":1}"));
    assertThat(DatasetRow.parse("{\"a\":1}")).isNotEqualTo(DatasetRow.parse("{\"a\":\"1\"}"));
  }
}
