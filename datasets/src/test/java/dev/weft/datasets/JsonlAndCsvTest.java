package dev.weft.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonlAndCsvTest {

  @Test
  void jsonlSkipsBlankLinesAndAByteOrderMark() {
    List<DatasetRow> rows = Jsonl.read(new StringReader("\uFEFF{\"a\":1}\n\n  \n{\"a\":2}"));
    assertThat(rows).extracting(r -> r.get("a").asInt()).containsExactly(1, 2);
  }

  @Test
  void jsonlErrorsNameTheLine() {
    assertThatThrownBy(() -> Jsonl.read(new StringReader("{\"a\":1}\n\n{\"a\":}\n")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("line 3: not valid JSON")
        .satisfies(e -> assertThat(((DatasetFormatException) e).line()).isEqualTo(3));
    assertThatThrownBy(() -> Jsonl.read(new StringReader("\"text\"\n")))
        .hasMessageContaining("line 1: a row must be a JSON object");
    assertThatThrownBy(() -> Jsonl.read(new StringReader("{\"a\":1,\"a\":1}\n")))
        .hasMessageContaining("Duplicate field 'a'");
    assertThatThrownBy(() -> Jsonl.read(new StringReader("{}\n{}\n{}\n"), 2))
        .isInstanceOf(DatasetFormatException.class)
        .satisfies(e -> assertThat(((DatasetFormatException) e).limitExceeded()).isTrue())
        .hasMessageContaining("line 3: more than 2 rows");
  }

  @Test
  void jsonlWritesCanonicalLines() {
    String text = Jsonl.toString(List.of(DatasetRow.parse("{\"b\":1.0,\"a\":[1e2]}")));
    assertThat(text).isEqualTo("{\"a\":[100],\"b\":1}\n");
    StringWriter out = new StringWriter();
    Jsonl.write(Samples.classification().rows(), out);
    assertThat(Jsonl.read(new StringReader(out.toString())))
        .isEqualTo(Samples.classification().rows());
  }

  @Test
  void csvReadsQuotedMultiLineCellsAsStrings() {
    List<DatasetRow> rows =
        Csv.read(new StringReader("q,n\n\"a, \"\"quoted\"\"\nline\",42\nplain,\n"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).text("q")).isEqualTo("a, \"quoted\"\nline");
    assertThat(rows.get(0).get("n").isTextual()).isTrue();
    assertThat(rows.get(1).text("n")).isEmpty();
  }

  @Test
  void csvErrorsNameTheLine() {
    assertThatThrownBy(() -> Csv.read(new StringReader("a,b\n1,2\n\"x\ny\",2\n3\n")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("line 5: has 1 cells");
    assertThatThrownBy(() -> Csv.read(new StringReader("a,\n1,2\n")))
        .hasMessageContaining("line 1: header column 2 has no name");
    assertThatThrownBy(() -> Csv.read(new StringReader("a,a\n"))).hasMessageContaining("'a' twice");
    assertThatThrownBy(() -> Csv.read(new StringReader(""))).hasMessageContaining("empty CSV");
    assertThatThrownBy(() -> Csv.read(new StringReader("a\n\"open\n")))
        .isInstanceOf(DatasetFormatException.class)
        .hasMessageStartingWith("line 2: malformed CSV");
  }

  @Test
  void csvWritesNonStringsAsCanonicalJsonAndRoundTripsStrings() {
    List<DatasetRow> rows =
        List.of(
            DatasetRow.parse("{\"id\":\"1\",\"text\":\"a,b\\n\\\"c\\\"\"}"),
            DatasetRow.parse("{\"id\":\"2\",\"extra\":{\"k\":[1,2.50]},\"text\":null}"));
    StringWriter out = new StringWriter();
    Csv.write(rows, out);
    assertThat(out.toString())
        .isEqualTo("id,text,extra\n1,\"a,b\n\"\"c\"\"\",\n2,,\"{\"\"k\"\":[1,2.5]}\"\n");
    List<DatasetRow> strings =
        List.of(
            DatasetRow.parse("{\"id\":\"1\",\"text\":\"x\"}"),
            DatasetRow.parse("{\"id\":\"2\",\"text\":\"y\"}"));
    StringWriter again = new StringWriter();
    Csv.write(strings, again);
    assertThat(Csv.read(new StringReader(again.toString()))).isEqualTo(strings);
  }

  @Test
  void samplesHaveTheAdvertisedSizesAndFields() {
    assertThat(Samples.questionAnswering().size()).isEqualTo(30);
    assertThat(Samples.jsonExtraction().size()).isEqualTo(20);
    assertThat(Samples.classification().size()).isEqualTo(30);
    assertThat(Samples.questionAnswering().rows())
        .allSatisfy(
            r -> assertThat(r.data().has("question") && r.data().has("reference")).isTrue());
    assertThat(Samples.jsonExtraction().rows())
        .allSatisfy(r -> assertThat(r.get("expected").isObject()).isTrue());
    assertThat(Samples.classification().rows().stream().map(r -> r.text("label")).distinct())
        .containsExactlyInAnyOrder("billing", "bug", "feature_request", "account");
  }
}
