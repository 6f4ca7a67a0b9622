package dev.weft.server.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.server.common.ProblemException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceQueryTest {

  @Test
  void noParametersMeanNewestFirstFiftyPerPage() {
    TraceQuery q = TraceQuery.parse(Map.of());
    assertThat(q.sort()).isEqualTo(TraceSort.START_TIME);
    assertThat(q.ascending()).isFalse();
    assertThat(q.limit()).isEqualTo(50);
    assertThat(q.models()).isEmpty();
    assertThat(q.cursor()).isNull();
  }

  @Test
  void everyFilterIsParsed() {
    TraceQuery q =
        TraceQuery.parse(
            Map.ofEntries(
                Map.entry("from", List.of("2026-11-01T00:00:00Z")),
                Map.entry("to", List.of("2026-11-02T00:00:00Z")),
                Map.entry("name", List.of("invoke_agent a, b", "chat", "chat")),
                Map.entry("status", List.of("ERROR")),
                Map.entry("model", List.of("gpt-4o,gpt-4o-mini", "claude-3-5-sonnet")),
                Map.entry("provider", List.of("openai")),
                Map.entry("kind", List.of("chat", "tool")),
                Map.entry("minDurationMs", List.of("250.5")),
                Map.entry("minCost", List.of("0.01")),
                Map.entry("q", List.of("refund")),
                Map.entry("session", List.of("s-1")),
                Map.entry("run", List.of("r-1")),
                Map.entry("attr", List.of("user.id=42", "env=a=b")),
                Map.entry("sort", List.of("cost")),
                Map.entry("order", List.of("asc")),
                Map.entry("limit", List.of("10"))));
    assertThat(q.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(q.to()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(q.names())
        .as("names are never split at commas")
        .containsExactly("invoke_agent a, b", "chat");
    assertThat(q.status()).isEqualTo("error");
    assertThat(q.models()).containsExactly("gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet");
    assertThat(q.providers()).containsExactly("openai");
    assertThat(q.kinds()).containsExactly("chat", "tool");
    assertThat(q.minDurationMs()).isEqualTo(250.5);
    assertThat(q.minCost()).isEqualTo(0.01);
    assertThat(q.text()).isEqualTo("refund");
    assertThat(q.session()).isEqualTo("s-1");
    assertThat(q.run()).isEqualTo("r-1");
    assertThat(q.attributes()).containsEntry("user.id", "42").containsEntry("env", "a=b");
    assertThat(q.sort()).isEqualTo(TraceSort.COST);
    assertThat(q.ascending()).isTrue();
    assertThat(q.limit()).isEqualTo(10);
  }

  @Test
  void invalidValuesAreBadRequestsNamingTheParameter() {
    assertBad(Map.of("limit", List.of("1001")), "limit");
    assertBad(Map.of("limit", List.of("x")), "limit");
    assertBad(Map.of("from", List.of("yesterday")), "from");
    assertBad(
        Map.of("from", List.of("2026-11-02T00:00:00Z"), "to", List.of("2026-11-01T00:00:00Z")),
        "before");
    assertBad(Map.of("status", List.of("broken")), "status");
    assertBad(Map.of("kind", List.of("robot")), "robot");
    assertBad(Map.of("minCost", List.of("NaN")), "minCost");
    assertBad(Map.of("minDurationMs", List.of("-5")), "minDurationMs");
    assertBad(Map.of("attr", List.of("=x")), "attr");
    assertBad(Map.of("order", List.of("up")), "order");
    assertBad(Map.of("sort", List.of("name")), "sort");
    assertBad(Map.of("session", List.of("a", "b")), "only once");
    assertBad(Map.of("name", List.of("n".repeat(1001))), "name");
  }

  @Test
  void cursorRoundTripsAndIsBoundToItsSort() {
    byte[] id = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10");
    Cursor cursor = new Cursor(TraceSort.TOKENS, true, "1500", id);
    String token = cursor.encode();

    Cursor back = Cursor.decode(token, TraceSort.TOKENS, true);
    assertThat(back.value()).isEqualTo("1500");
    assertThat(back.traceId()).isEqualTo(id);
    assertThatThrownBy(() -> Cursor.decode(token, TraceSort.COST, true))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("keep sort and order");
    assertThatThrownBy(() -> Cursor.decode(token, TraceSort.TOKENS, false))
        .isInstanceOf(ProblemException.class);
    assertThatThrownBy(() -> Cursor.decode("%%%", TraceSort.TOKENS, true))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("nextCursor");
  }

  @Test
  void sqlBindsEveryUserValueAndNeverInlinesIt() {
    TraceQuery q =
        TraceQuery.parse(
            Map.of(
                "q", List.of("'; drop table spans; --"),
                "attr", List.of("k'=v'"),
                "name", List.of("evil-name'"),
                "model", List.of("evil-model'")));
    TraceQuerySql sql = TraceQuerySql.build(7, q);
    assertThat(sql.sql())
        .doesNotContain("drop table")
        .doesNotContain("k'")
        .doesNotContain("evil-model'")
        .doesNotContain("evil-name'");
    assertThat(sql.params())
        .contains(7L, TraceQuerySql.contentSearchPath("'; drop table spans; --"), "k'", "v'")
        .anySatisfy(p -> assertThat(p).isInstanceOf(String[].class));
    assertThat(sql.params().get(sql.params().size() - 1)).isEqualTo(51);
  }

  @Test
  void totalIsAskedForWithTrueOrFalseOnly() {
    assertThat(TraceQuery.parse(Map.of()).total()).isFalse();
    assertThat(TraceQuery.parse(Map.of("total", List.of("TRUE"))).total()).isTrue();
    assertThat(TraceQuery.parse(Map.of("total", List.of("false"))).total()).isFalse();
    assertBad(Map.of("total", List.of("yes")), "'total'");
  }

  @Test
  void countUsesTheFiltersButNeitherThePageNorTheCursor() {
    TraceQuery first =
        TraceQuery.parse(Map.of("status", List.of("error"), "model", List.of("gpt-4o")));
    TraceQuerySql page = TraceQuerySql.build(7, first);
    Map<String, List<String>> later =
        Map.of(
            "status", List.of("error"),
            "model", List.of("gpt-4o"),
            "limit", List.of("3"),
            "cursor", List.of(new Cursor(TraceSort.START_TIME, false, "x", new byte[16]).encode()));
    TraceQuerySql count = TraceQuerySql.count(7, TraceQuery.parse(later));

    assertThat(count.sql())
        .startsWith("select count(*) from (select 1 from traces t where t.project_id = $1")
        .contains("t.error_count > 0", "t.models && $2::text[]")
        .doesNotContain("order by", "sort_value", "t.trace_id) <");
    // The filters bind the same values as the page's; the last value is the read cap.
    assertThat(count.params())
        .containsExactlyElementsOf(
            List.of(page.params().get(0), page.params().get(1), TraceQuerySql.COUNT_CAP + 1));
  }

  @Test
  void aCountAboveTheCapIsReportedAsAtLeastTheCap() {
    assertThat(TraceViews.TraceCount.of(0)).isEqualTo(new TraceViews.TraceCount(0, true));
    assertThat(TraceViews.TraceCount.of(TraceQuerySql.COUNT_CAP))
        .isEqualTo(new TraceViews.TraceCount(TraceQuerySql.COUNT_CAP, true));
    assertThat(TraceViews.TraceCount.of(TraceQuerySql.COUNT_CAP + 1))
        .isEqualTo(new TraceViews.TraceCount(TraceQuerySql.COUNT_CAP, false));
  }

  @Test
  void searchTextBecomesAJsonPathStringWithQuotesBackslashesAndControlsEscaped() {
    assertThat(TraceQuerySql.jsonPathString("say \"hi\" \\ now\n.*"))
        .isEqualTo("\"say \\\"hi\\\" \\\\ now\\u000a.*\"");
    assertThat(TraceQuerySql.contentSearchPath("x"))
        .contains("@.messages[*].content like_regex \"x\" flag \"iq\"");
  }

  private static void assertBad(Map<String, List<String>> params, String mentioned) {
    assertThatThrownBy(() -> TraceQuery.parse(params))
        .isInstanceOf(ProblemException.class)
        .satisfies(
            e -> {
              ProblemException p = (ProblemException) e;
              assertThat(p.problem().status()).isEqualTo(400);
              assertThat(p.problem().detail()).contains(mentioned);
            });
  }
}
