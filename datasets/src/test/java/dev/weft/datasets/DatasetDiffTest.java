package dev.weft.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetDiffTest {

  static List<DatasetRow> rows(String... json) {
    return java.util.Arrays.stream(json).map(DatasetRow::parse).toList();
  }

  @Test
  void byIdReportsChangesEvenWhenRowsMoved() {
    DatasetDiff d =
        DatasetDiff.between(
            rows("{\"id\":1,\"v\":\"a\"}", "{\"id\":2,\"v\":\"b\"}", "{\"id\":3,\"v\":\"c\"}"),
            rows("{\"id\":3,\"v\":\"c\"}", "{\"id\":2,\"v\":\"B\"}", "{\"id\":\"4\",\"v\":\"d\"}"));
    assertThat(d.matchedBy()).isEqualTo("id");
    assertThat(d.changed())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.id().asInt()).isEqualTo(2);
              assertThat(c.from().row().text("v")).isEqualTo("b");
              assertThat(c.to().row().text("v")).isEqualTo("B");
            });
    assertThat(d.removed()).extracting(PositionedRow::position).containsExactly(0);
    assertThat(d.added()).extracting(PositionedRow::position).containsExactly(2);
  }

  @Test
  void idsThatRepeatOrAreMissingFallBackToContent() {
    assertThat(
            DatasetDiff.between(rows("{\"id\":1}", "{\"id\":1}"), rows("{\"id\":1}")).matchedBy())
        .isEqualTo("content");
    assertThat(DatasetDiff.between(rows("{\"id\":1}"), rows("{\"x\":1}")).matchedBy())
        .isEqualTo("content");
    assertThat(
            DatasetDiff.between(rows("{\"id\":{\"a\":1}}"), rows("{\"id\":{\"a\":1}}")).matchedBy())
        .isEqualTo("content");
  }

  @Test
  void byContentPairsSamePositionReplacementsAsChanges() {
    DatasetDiff d =
        DatasetDiff.between(
            rows("{\"q\":\"a\"}", "{\"q\":\"b\"}", "{\"q\":\"c\"}"),
            rows("{\"q\":\"a\"}", "{\"q\":\"B\"}", "{\"q\":\"c\"}", "{\"q\":\"d\"}"));
    assertThat(d.changed()).singleElement().satisfies(c -> assertThat(c.id()).isNull());
    assertThat(d.added()).extracting(r -> r.row().text("q")).containsExactly("d");
    assertThat(d.removed()).isEmpty();
  }

  @Test
  void byContentInsertionIsAnAddNotAChainOfChanges() {
    DatasetDiff d =
        DatasetDiff.between(
            rows("{\"q\":\"a\"}", "{\"q\":\"b\"}"),
            rows("{\"q\":\"new\"}", "{\"q\":\"a\"}", "{\"q\":\"b\"}"));
    assertThat(d.added()).extracting(PositionedRow::position).containsExactly(0);
    assertThat(d.changed()).isEmpty();
    assertThat(d.removed()).isEmpty();
  }

  @Test
  void duplicatesAreCountedNotCollapsed() {
    DatasetDiff d = DatasetDiff.between(rows("{\"q\":1}", "{\"q\":1}"), rows("{\"q\":1}"));
    assertThat(d.removed()).extracting(PositionedRow::position).containsExactly(1);
    assertThat(DatasetDiff.between(rows("{\"q\":1}"), rows("{\"q\":1}")).isEmpty()).isTrue();
  }
}
