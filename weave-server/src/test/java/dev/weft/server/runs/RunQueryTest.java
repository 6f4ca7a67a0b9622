package dev.weft.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.server.common.ProblemException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunQueryTest {

  static Map<String, List<String>> params(String... kv) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
    }
    return out;
  }

  @Test
  void parsesTheWholeGrammar() {
    RunQuery q =
        RunQuery.parse(
            params(
                "state", "running,finished",
                "tag", "a",
                "tag", "b",
                "group", "sweep-1",
                "config.lr", "0.1",
                "summary.acc", "gte:0.9",
                "sort", "summary.acc",
                "order", "asc",
                "limit", "10"));
    assertThat(q.states()).containsExactly("running", "finished");
    assertThat(q.tags()).containsExactly("a", "b");
    assertThat(q.group()).isEqualTo("sweep-1");
    assertThat(q.jsonFilters())
        .containsExactly(
            new RunQuery.JsonFilter("config", "lr", "eq", "0.1"),
            new RunQuery.JsonFilter("summary", "acc", "gte", "0.9"));
    assertThat(q.sort()).isEqualTo("summary.acc");
    assertThat(q.ascending()).isTrue();
    assertThat(q.limit()).isEqualTo(10);
    RunQuery.Sql sql = q.toSql(1, "id");
    assertThat(sql.sql()).contains("limit 11").contains("nulls last");
  }

  @Test
  void cursorsRoundTripAndBelongToTheirSort() {
    RunQuery.Cursor c = new RunQuery.Cursor("name", true, null, "run-1");
    RunQuery q = RunQuery.parse(params("sort", "name", "order", "asc", "cursor", c.encode()));
    assertThat(q.cursor()).isEqualTo(c);
    assertThatThrownBy(() -> RunQuery.parse(params("sort", "createdAt", "cursor", c.encode())))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("keep sort and order the same");
    assertThatThrownBy(() -> RunQuery.parse(params("cursor", "%%%")))
        .hasMessageContaining("invalid cursor");
  }

  @Test
  void refusesWhatIsNotInTheGrammar() {
    assertThatThrownBy(() -> RunQuery.parse(params("state", "sleeping")))
        .hasMessageContaining("invalid state");
    assertThatThrownBy(() -> RunQuery.parse(params("colour", "red")))
        .hasMessageContaining("unknown query parameter 'colour'");
    assertThatThrownBy(() -> RunQuery.parse(params("sort", "loss")))
        .hasMessageContaining("invalid sort");
    assertThatThrownBy(() -> RunQuery.parse(params("limit", "0")))
        .hasMessageContaining("between 1 and 1000");
    assertThatThrownBy(() -> RunQuery.parse(params("summary.acc", "gt:high")))
        .hasMessageContaining("needs a number");
    assertThatThrownBy(() -> RunQuery.parse(params("order", "sideways")))
        .hasMessageContaining("invalid order");
  }
}
