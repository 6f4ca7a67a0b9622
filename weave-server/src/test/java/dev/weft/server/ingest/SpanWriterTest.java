package dev.weft.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The span writer against a real PostgreSQL: the binary COPY fast path, the slow path a batch takes
 * when it holds spans already stored, and the {@code traces} summary both keep.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class SpanWriterTest {

  /** Project ids no API test uses: spans need no project row. */
  private static final AtomicLong PROJECTS = new AtomicLong(900_000 + System.nanoTime() % 10_000);

  @Inject SpanWriter writer;

  private static SpanRow row(long project, int trace, int span, String name) {
    return TraceDeltaTest.row(
        project,
        trace,
        span,
        span == 1 ? null : 1,
        name,
        span,
        span + 1,
        (short) 0,
        "gpt-4o",
        10L,
        0.5,
        null);
  }

  private void write(List<SpanRow> rows) {
    writer.write(rows).await().atMost(Duration.ofSeconds(30));
  }

  private static List<String> storedNames(long project) throws Exception {
    try (Connection db = PostgresTestResource.connect();
        PreparedStatement q =
            db.prepareStatement("select name from spans where project_id = ? order by name")) {
      q.setLong(1, project);
      List<String> names = new ArrayList<>();
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          names.add(rs.getString(1));
        }
      }
      return names;
    }
  }

  /** {@code span_count, input_tokens, cost_usd, models} of one trace's summary row. */
  private static String summary(long project, int trace) throws Exception {
    try (Connection db = PostgresTestResource.connect();
        PreparedStatement q =
            db.prepareStatement(
                "select span_count || ' ' || input_tokens || ' ' || cost_usd || ' ' || models::text"
                    + " from traces where project_id = ? and trace_id = ?")) {
      q.setLong(1, project);
      q.setBytes(2, TraceDeltaTest.id(16, trace));
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Test
  void aBatchMixingStoredNewAndRepeatedSpansStoresEachSpanOnceAndCountsItOnce() throws Exception {
    long project = PROJECTS.incrementAndGet();
    write(List.of(row(project, 1, 1, "root"), row(project, 1, 2, "a")));

    write(
        List.of(
            row(project, 1, 2, "a"), // already stored
            row(project, 1, 3, "b"), // new
            row(project, 1, 3, "b"), // twice in this batch
            row(project, 2, 1, "other root"))); // new trace

    assertThat(storedNames(project)).containsExactly("a", "b", "other root", "root");
    assertThat(summary(project, 1)).isEqualTo("3 30 1.5 {gpt-4o}");
    assertThat(summary(project, 2)).isEqualTo("1 10 0.5 {gpt-4o}");
  }

  @Test
  void aWholeBatchResentChangesNothing() throws Exception {
    long project = PROJECTS.incrementAndGet();
    List<SpanRow> batch = List.of(row(project, 5, 1, "root"), row(project, 5, 2, "child"));
    write(batch);
    write(batch);

    assertThat(storedNames(project)).containsExactly("child", "root");
    assertThat(summary(project, 5)).isEqualTo("2 20 1 {gpt-4o}");
  }

  @Test
  void textWithControlCharactersBackslashesAndAstralCharactersIsStoredExactly() throws Exception {
    long project = PROJECTS.incrementAndGet();
    String name = "tab\there\nnew \\N line \\\\ é 😀 \r end";
    write(List.of(row(project, 9, 1, name)));

    assertThat(storedNames(project)).containsExactly(name);
  }

  @Test
  void spansOfOneTraceInSeparateBatchesFoldIntoOneSummary() throws Exception {
    long project = PROJECTS.incrementAndGet();
    write(List.of(row(project, 3, 2, "child")));
    assertThat(summary(project, 3)).isEqualTo("1 10 0.5 {gpt-4o}");

    write(List.of(row(project, 3, 1, "root")));

    assertThat(summary(project, 3)).isEqualTo("2 20 1 {gpt-4o}");
  }

  @Test
  void spanContentIsCompressedWithLz4ExactlyWhenThePostgresBuildOffersIt() throws Exception {
    long project = PROJECTS.incrementAndGet();
    // Creates the rows' daily partition (if no other test did), after the migration ran.
    write(List.of(row(project, 11, 1, "root")));
    String partition =
        "spans_"
            + TraceDeltaTest.T0
                .toLocalDate()
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    try (Connection db = PostgresTestResource.connect();
        var s = db.createStatement()) {
      boolean lz4;
      try (ResultSet rs =
          s.executeQuery(
              "select 'lz4' = any (enumvals) from pg_settings"
                  + " where name = 'default_toast_compression'")) {
        lz4 = rs.next() && rs.getBoolean(1);
      }
      List<String> settings = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "select c.relname || '.' || a.attname || '=' || a.attcompression::text"
                  + " from pg_attribute a join pg_class c on c.oid = a.attrelid"
                  + " where c.relname in ('spans', '"
                  + partition
                  + "')"
                  + " and a.attname in ('input', 'output', 'attributes', 'events', 'links',"
                  + " 'resource') order by 1")) {
        while (rs.next()) {
          settings.add(rs.getString(1));
        }
      }

      assertThat(settings).as("the parent and the partition, six columns each").hasSize(12);
      // 'l' is lz4; an empty setting is the server's default (pglz).
      assertThat(settings).allSatisfy(v -> assertThat(v).endsWith(lz4 ? "=l" : "="));
    }
  }
}
