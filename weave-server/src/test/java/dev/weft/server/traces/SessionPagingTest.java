package dev.weft.server.traces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.testing.PostgresTestResource;
import dev.weft.server.traces.TraceViews.SessionSummary;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sessions list against a real PostgreSQL: whatever the page size, however few traces the first
 * look reads and whenever it falls back to grouping all sessions, paging through a project's
 * sessions gives exactly what grouping every trace gives (the former statement, kept here as the
 * oracle) — same sessions, same order, same sums — including sessions whose newest traces start at
 * the same microsecond, and within a time range.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
class SessionPagingTest {

  /** Project ids no other test uses: traces need no project row. */
  private static final AtomicLong PROJECTS = new AtomicLong(800_000 + System.nanoTime() % 10_000);

  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final String INSERT_TRACE =
      "insert into traces (project_id, trace_id, first_name, start_time, end_time, span_count,"
          + " error_count, input_tokens, output_tokens, total_tokens, cost_usd, models,"
          + " providers, categories, session_id)"
          + " values (?, ?, 'root', ?, ?, 1, ?, 1, 1, ?, ?, '{}', '{}', '{}', ?)";

  private static long project;

  @Inject TraceRepository repository;

  /** 120 sessions of 1 to 40 traces over a few hours, many start times shared, and loose traces. */
  @BeforeAll
  static void fill() throws Exception {
    project = PROJECTS.incrementAndGet();
    Random random = new Random(7);
    try (Connection db = connect();
        PreparedStatement insert = db.prepareStatement(INSERT_TRACE)) {
      int trace = 0;
      for (int s = 0; s < 120; s++) {
        int traces = 1 + random.nextInt(40);
        for (int t = 0; t < traces; t++) {
          // Seconds from a small range, so sessions' newest traces often tie.
          OffsetDateTime start = T0.plusSeconds(random.nextInt(600) * 10L);
          add(insert, project, ++trace, start, random, "session-" + (s % 97) + "-" + s);
        }
      }
      for (int t = 0; t < 50; t++) {
        add(insert, project, ++trace, T0.plusSeconds(random.nextInt(6000)), random, null);
      }
      insert.executeBatch();
    }
  }

  private static void add(
      PreparedStatement insert,
      long project,
      int trace,
      OffsetDateTime start,
      Random random,
      String session)
      throws Exception {
    byte[] id = new byte[16];
    id[12] = (byte) (trace >> 24);
    id[13] = (byte) (trace >> 16);
    id[14] = (byte) (trace >> 8);
    id[15] = (byte) trace;
    insert.setLong(1, project);
    insert.setBytes(2, id);
    insert.setObject(3, start);
    insert.setObject(4, start.plusSeconds(1 + random.nextInt(30)));
    insert.setInt(5, random.nextInt(3) == 0 ? 1 : 0);
    insert.setLong(6, random.nextInt(1000));
    insert.setDouble(7, random.nextInt(100) / 1000.0);
    insert.setString(8, session);
    insert.addBatch();
  }

  private static Connection connect() throws Exception {
    return PostgresTestResource.connect();
  }

  /**
   * Every session, in order, as grouping all traces in the range gives them (the former statement,
   * with the range as a plain filter).
   */
  private static List<String> oracle(long project, TimeRange range) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection db = connect();
        PreparedStatement q =
            db.prepareStatement(
                "select session_id, count(*), max(start_time), sum(total_tokens),"
                    + " array_agg(encode(trace_id, 'hex') order by start_time, trace_id)::text"
                    + " from traces where project_id = ? and session_id is not null"
                    + " and (?::timestamptz is null or start_time >= ?)"
                    + " and (?::timestamptz is null or start_time < ?)"
                    + " group by session_id order by max(start_time) desc, session_id desc")) {
      q.setLong(1, project);
      q.setObject(2, range.from());
      q.setObject(3, range.from());
      q.setObject(4, range.to());
      q.setObject(5, range.to());
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(
              rs.getString(1)
                  + " "
                  + rs.getLong(2)
                  + " "
                  + rs.getObject(3, OffsetDateTime.class).toInstant()
                  + " "
                  + rs.getLong(4)
                  + " "
                  + rs.getString(5).replace("\"", ""));
        }
      }
    }
    return out;
  }

  private static String describe(SessionSummary s) {
    return s.sessionId()
        + " "
        + s.traceCount()
        + " "
        + s.lastStartTime().toInstant()
        + " "
        + s.totalTokens()
        + " {"
        + String.join(",", s.traceIds())
        + "}";
  }

  /** Pages through every session the way the resource does (limit + 1 rows, keyset). */
  private List<String> pageThrough(
      long project, TimeRange range, int pageSize, int firstScan, int maxScan) {
    List<String> out = new ArrayList<>();
    OffsetDateTime afterStart = null;
    String afterSession = null;
    for (int pages = 0; pages < 1000; pages++) {
      List<SessionSummary> rows =
          repository
              .sessions(project, range, afterStart, afterSession, pageSize, firstScan, maxScan)
              .await()
              .atMost(WAIT);
      List<SessionSummary> page = rows.size() > pageSize ? rows.subList(0, pageSize) : rows;
      page.forEach(s -> out.add(describe(s)));
      if (rows.size() <= pageSize) {
        return out;
      }
      SessionSummary last = page.get(page.size() - 1);
      afterStart = last.lastStartTime();
      afterSession = last.sessionId();
    }
    throw new AssertionError("paging did not end");
  }

  @ParameterizedTest(name = "pages of {0}, first look reads {1} traces, at most {2}")
  @CsvSource({
    "1, 1, 100000",
    "3, 2, 100000",
    "7, 5, 100000",
    "50, 10, 100000",
    "50, 2000, 100000",
    "1000, 1, 100000",
    "3, 2, 20",
    "7, 5, 500",
    "1, 1, 0"
  })
  void pagingGivesEverySessionOnceInTheOrderAndWithTheSumsOfGroupingAllTraces(
      int pageSize, int firstScan, int maxScan) throws Exception {
    List<String> expected = oracle(project, TimeRange.ALL);
    assertThat(expected).as("the fixture has sessions").hasSize(120);

    assertThat(pageThrough(project, TimeRange.ALL, pageSize, firstScan, maxScan))
        .containsExactlyElementsOf(expected);
  }

  /**
   * The fixture's traces start from T0 to T0 + 100 min, every 10 s: ranges cut sessions in two, and
   * their ends fall on start times that traces share (from is inclusive, to exclusive).
   */
  @ParameterizedTest(name = "from T0+{0} min to T0+{1} min, pages of {2}, looks of {3} to {4}")
  @CsvSource({
    "20, 50, 1, 1, 100000",
    "20, 50, 7, 5, 100000",
    "20, 50, 50, 2000, 100000",
    "20, 50, 3, 2, 20",
    "0, 10, 4, 3, 100000",
    "90, , 5, 2, 100000",
    ", 30, 5, 2, 100000",
    "45, 46, 2, 1, 100000",
    "200, 300, 5, 2, 100000"
  })
  void aTimeRangeListsTheSessionsActiveInItWithTheFiguresOfTheirTracesInIt(
      Integer fromMinute, Integer toMinute, int pageSize, int firstScan, int maxScan)
      throws Exception {
    TimeRange range =
        new TimeRange(
            fromMinute == null ? null : T0.plusMinutes(fromMinute),
            toMinute == null ? null : T0.plusMinutes(toMinute));
    List<String> expected = oracle(project, range);
    List<String> all = oracle(project, TimeRange.ALL);
    if (fromMinute != null && fromMinute >= 200) {
      assertThat(expected).as("no trace starts that late").isEmpty();
    } else {
      assertThat(expected).as("the range keeps some sessions").isNotEmpty();
      assertThat(expected).as("the range changes the list").isNotEqualTo(all);
    }

    assertThat(pageThrough(project, range, pageSize, firstScan, maxScan))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void aLongSessionListsTheIdsOfItsNewestHundredTracesInStartOrderAndCountsThemAll()
      throws Exception {
    long longProject = PROJECTS.incrementAndGet();
    try (Connection db = connect();
        PreparedStatement insert = db.prepareStatement(INSERT_TRACE)) {
      Random random = new Random(3);
      // Inserted newest first, so the stored order is not the start order.
      for (int t = 105; t >= 1; t--) {
        add(insert, longProject, t, T0.plusMinutes(t), random, "long");
      }
      insert.executeBatch();
    }
    String full = oracle(longProject, TimeRange.ALL).get(0);
    List<String> allIds =
        List.of(full.substring(full.indexOf('{') + 1, full.length() - 1).split(","));
    assertThat(allIds).hasSize(105);

    SessionSummary session =
        repository.sessions(longProject, TimeRange.ALL, null, null, 10).await().atMost(WAIT).get(0);

    assertThat(session.traceCount()).isEqualTo(105);
    assertThat(session.traceIds())
        .hasSize(TraceRepository.SESSION_TRACE_IDS)
        .containsExactlyElementsOf(allIds.subList(5, 105));
  }

  @ParameterizedTest(name = "pages of {0}, first look reads {1} traces, at most {2}")
  @CsvSource({"1, 3, 100000", "4, 5, 100000", "10, 1, 100000", "4, 5, 40"})
  void sessionsWhoseNewestTracesShareOneInstantComeInIdOrderHoweverTheLookCutsThem(
      int pageSize, int firstScan, int maxScan) throws Exception {
    long ties = PROJECTS.incrementAndGet();
    OffsetDateTime top = T0.plusHours(5);
    try (Connection db = connect();
        PreparedStatement insert = db.prepareStatement(INSERT_TRACE)) {
      Random random = new Random(11);
      // 30 sessions, two traces each at the same instant, plus an older one. Traces of one start
      // are read newest trace id first, and the lowest session ids hold the highest trace ids: a
      // look that stops inside the tie sees low ids and misses the higher ones that come first.
      for (int i = 0; i < 30; i++) {
        String session = String.format("tie-%02d", i);
        add(insert, ties, 1000 - 2 * i, top, random, session);
        add(insert, ties, 999 - 2 * i, top, random, session);
        add(insert, ties, 100 + i, top.minusMinutes(1 + i), random, session);
      }
      insert.executeBatch();
    }
    List<String> expected = oracle(ties, TimeRange.ALL);
    assertThat(expected.get(0)).startsWith("tie-29 ");

    assertThat(pageThrough(ties, TimeRange.ALL, pageSize, firstScan, maxScan))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void aProjectWithoutSessionsHasAnEmptyList() {
    assertThat(
            repository
                .sessions(PROJECTS.incrementAndGet(), TimeRange.ALL, null, null, 50, 2, 100)
                .await()
                .atMost(WAIT))
        .isEmpty();
  }
}
