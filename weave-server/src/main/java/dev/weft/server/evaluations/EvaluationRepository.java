package dev.weft.server.evaluations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.common.ProblemException;
import dev.weft.server.evaluations.Comparison.ScoredRow;
import dev.weft.server.evaluations.EvaluationViews.CreateEvaluation;
import dev.weft.server.evaluations.EvaluationViews.DatasetRef;
import dev.weft.server.evaluations.EvaluationViews.EvaluationView;
import dev.weft.server.evaluations.EvaluationViews.LeaderboardEntry;
import dev.weft.server.evaluations.EvaluationViews.RowInput;
import dev.weft.server.evaluations.EvaluationViews.RowView;
import dev.weft.server.evaluations.EvaluationViews.RowsWritten;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Evaluations and their rows in PostgreSQL through the reactive client. Row writes are one {@code
 * insert ... select from unnest(...)} per request; evaluation records and rows share the client so
 * a row write and the state check run in one transaction.
 */
@ApplicationScoped
public class EvaluationRepository {

  static final String EVALUATION_COLUMNS =
      "id, name, dataset_name, dataset_version, model, prompt, parameters::text, scorers,"
          + " git_commit, summary::text, duration_ms, state, row_count, created_at, finished_at";

  private static final String INSERT_ROWS =
      """
      insert into evaluation_rows (evaluation_id, row_index, trial, row_id, row_digest, input,
          output, scores, passed, reasons, latency_ms, input_tokens, output_tokens, cost_usd,
          error, scorer_errors, trace_id)
      select $1, t.i, t.tr, t.rid, t.dig, t.inp::jsonb, t.outp::jsonb, t.sc::jsonb, t.pa::jsonb,
          t.re::jsonb, t.lat, t.itok, t.otok, t.cost, t.err, t.serr::jsonb, t.tid
      from unnest($2::int[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[],
          $8::text[], $9::text[], $10::text[], $11::float8[], $12::int8[], $13::int8[],
          $14::float8[], $15::text[], $16::text[], $17::text[])
          as t(i, tr, rid, dig, inp, outp, sc, pa, re, lat, itok, otok, cost, err, serr, tid)
      on conflict (evaluation_id, row_index, trial) do nothing
      """;

  @Inject Pool pool;
  @Inject ObjectMapper json;

  /** Inserts an evaluation; fails with 409 when the id is taken. */
  public Uni<EvaluationView> create(long projectId, UUID id, CreateEvaluation body) {
    DatasetRef ds = body.dataset();
    List<String> scorers = body.scorers() == null ? List.of() : body.scorers();
    Tuple t =
        Tuple.tuple()
            .addUUID(id)
            .addLong(projectId)
            .addString(body.name())
            .addString(ds == null ? null : ds.name())
            .addString(ds == null ? null : ds.version())
            .addString(body.model())
            .addString(body.prompt())
            .addString(jsonOrEmpty(body.parameters(), "parameters"))
            .addArrayOfString(scorers.toArray(new String[0]))
            .addString(body.gitCommit())
            .addString(jsonOrEmpty(body.summary(), "summary"))
            .addLong(body.durationMs());
    return pool.preparedQuery(
            "insert into evaluations (id, project_id, name, dataset_name, dataset_version, model,"
                + " prompt, parameters, scorers, git_commit, summary, duration_ms) values ($1,"
                + " $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11::text::jsonb, $12) on conflict (id)"
                + " do nothing returning "
                + EVALUATION_COLUMNS)
        .execute(t)
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw ProblemException.conflict(
                    "an evaluation with id " + id + " already exists; use a new id");
              }
              return view(rows.iterator().next());
            });
  }

  /** The evaluation, or a 404. */
  public Uni<EvaluationView> get(long projectId, UUID id) {
    return pool.preparedQuery(
            "select " + EVALUATION_COLUMNS + " from evaluations where project_id = $1 and id = $2")
        .execute(Tuple.of(projectId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw ProblemException.notFound("no evaluation " + id + " in this project");
              }
              return view(rows.iterator().next());
            });
  }

  /** Writes a batch of rows in one statement; 409 when the evaluation is finished. */
  public Uni<RowsWritten> writeRows(long projectId, UUID id, List<RowInput> rows) {
    Tuple batch = bind(id, rows);
    return pool.withTransaction(
        conn ->
            lockState(conn, projectId, id, "for share")
                .flatMap(
                    state -> {
                      if (!"running".equals(state)) {
                        return Uni.createFrom()
                            .failure(
                                ProblemException.conflict(
                                    "evaluation "
                                        + id
                                        + " is finished; rows can only be added before finish"));
                      }
                      return conn.preparedQuery(INSERT_ROWS).execute(batch);
                    })
                .map(
                    result ->
                        new RowsWritten(
                            rows.size(), result.rowCount(), rows.size() - result.rowCount())));
  }

  /** Marks the evaluation finished and counts its rows; finishing twice is harmless. */
  public Uni<EvaluationView> finish(long projectId, UUID id) {
    return pool.withTransaction(
        conn ->
            lockState(conn, projectId, id, "for update")
                .flatMap(
                    state ->
                        conn.preparedQuery(
                                "update evaluations set state = 'finished', finished_at ="
                                    + " coalesce(finished_at, now()), row_count = (select count(*)"
                                    + " from evaluation_rows where evaluation_id = $1) where id ="
                                    + " $1 returning "
                                    + EVALUATION_COLUMNS)
                            .execute(Tuple.of(id)))
                .map(rows -> view(rows.iterator().next())));
  }

  private Uni<String> lockState(SqlConnection conn, long projectId, UUID id, String lock) {
    return conn.preparedQuery(
            "select state from evaluations where project_id = $1 and id = $2 " + lock)
        .execute(Tuple.of(projectId, id))
        .map(
            rows -> {
              if (rows.size() == 0) {
                throw ProblemException.notFound("no evaluation " + id + " in this project");
              }
              return rows.iterator().next().getString(0);
            });
  }

  /** A page of rows with a filter and an order built by {@link RowQuery}. */
  public Uni<List<RowView>> rows(UUID id, RowQuery q) {
    return pool.preparedQuery(
            "select row_index, trial, row_id, row_digest, input::text, output::text,"
                + " scores::text, passed::text, reasons::text, latency_ms, input_tokens,"
                + " output_tokens, cost_usd, error, scorer_errors::text, trace_id"
                + " from evaluation_rows where evaluation_id = $1 and "
                + q.where()
                + " order by "
                + q.orderBy()
                + " limit $5 offset $6")
        .execute(q.params(id))
        .map(
            rows -> {
              List<RowView> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(
                    new RowView(
                        r.getInteger(0),
                        r.getInteger(1),
                        r.getString(2),
                        r.getString(3),
                        parse(r.getString(4)),
                        parse(r.getString(5)),
                        parse(r.getString(6)),
                        parse(r.getString(7)),
                        parse(r.getString(8)),
                        r.getDouble(9),
                        r.getLong(10),
                        r.getLong(11),
                        r.getDouble(12),
                        r.getString(13),
                        parse(r.getString(14)),
                        r.getString(15)));
              }
              return out;
            });
  }

  /** Rows matching the filter of a {@link RowQuery}. */
  public Uni<Long> countRows(UUID id, RowQuery q) {
    return pool.preparedQuery(
            "select count(*) from evaluation_rows where evaluation_id = $1 and " + q.where())
        .execute(q.filterParams(id))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Digest, id, scores and failure of every row, for comparisons. */
  public Uni<List<ScoredRow>> scoredRows(UUID id) {
    return pool.preparedQuery(
            "select row_digest, row_id, scores::text, error is not null from evaluation_rows"
                + " where evaluation_id = $1 order by row_index, trial")
        .execute(Tuple.of(id))
        .map(
            rows -> {
              List<ScoredRow> out = new ArrayList<>();
              for (Row r : rows) {
                Map<String, Double> scores = new LinkedHashMap<>();
                parse(r.getString(2))
                    .fields()
                    .forEachRemaining(
                        e -> {
                          if (e.getValue().isNumber()) {
                            scores.put(e.getKey(), e.getValue().doubleValue());
                          }
                        });
                out.add(new ScoredRow(r.getString(0), r.getString(1), scores, r.getBoolean(3)));
              }
              return out;
            });
  }

  /** Newest first, keyset-paged on (created_at, id). */
  public Uni<List<EvaluationView>> list(
      long projectId, String dataset, OffsetDateTime beforeTime, UUID beforeId, int limit) {
    return pool.preparedQuery(
            "select "
                + EVALUATION_COLUMNS
                + " from evaluations where project_id = $1 and ($2::text is null or dataset_name ="
                + " $2) and ($3::timestamptz is null or (created_at, id) < ($3, $4)) order by"
                + " created_at desc, id desc limit $5")
        .execute(Tuple.of(projectId, dataset, beforeTime, beforeId, limit))
        .map(
            rows -> {
              List<EvaluationView> out = new ArrayList<>();
              rows.forEach(r -> out.add(view(r)));
              return out;
            });
  }

  /** Finished evaluations of a dataset that have the score, best mean first. */
  public Uni<List<LeaderboardEntry>> leaderboard(
      long projectId, String dataset, String version, String score, int limit) {
    return pool.preparedQuery(
            """
            select id, name, model, prompt, dataset_version,
                (summary -> $4 ->> 'mean')::float8, (summary -> $4 ->> 'ciLow')::float8,
                (summary -> $4 ->> 'ciHigh')::float8, (summary -> $4 ->> 'passRate')::float8,
                row_count, created_at
            from evaluations
            where project_id = $1 and dataset_name = $2
              and ($3::text is null or dataset_version = $3)
              and state = 'finished' and jsonb_typeof(summary -> $4 -> 'mean') = 'number'
            order by 6 desc, created_at desc
            limit $5
            """)
        .execute(Tuple.of(projectId, dataset, version, score, limit))
        .map(
            rows -> {
              List<LeaderboardEntry> out = new ArrayList<>();
              int rank = 0;
              for (Row r : rows) {
                out.add(
                    new LeaderboardEntry(
                        ++rank,
                        r.getUUID(0).toString(),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getDouble(5),
                        r.getDouble(6),
                        r.getDouble(7),
                        r.getDouble(8),
                        r.getInteger(9),
                        r.getOffsetDateTime(10).toInstant()));
              }
              return out;
            });
  }

  private Tuple bind(UUID id, List<RowInput> rows) {
    int n = rows.size();
    Integer[] index = new Integer[n];
    Integer[] trial = new Integer[n];
    String[] rowId = new String[n];
    String[] digest = new String[n];
    String[] input = new String[n];
    String[] output = new String[n];
    String[] scores = new String[n];
    String[] passed = new String[n];
    String[] reasons = new String[n];
    Double[] latency = new Double[n];
    Long[] inTok = new Long[n];
    Long[] outTok = new Long[n];
    Double[] cost = new Double[n];
    String[] error = new String[n];
    String[] scorerErrors = new String[n];
    String[] traceId = new String[n];
    for (int i = 0; i < n; i++) {
      RowInput r = rows.get(i);
      String at = "rows[" + i + "]";
      index[i] = r.index();
      trial[i] = r.trial() == null ? 0 : r.trial();
      rowId[i] = noNul(r.rowId(), at + ".rowId");
      digest[i] = noNul(r.rowDigest(), at + ".rowDigest");
      input[i] = jsonOrNull(r.input(), at + ".input");
      output[i] = jsonOrNull(r.output(), at + ".output");
      scores[i] = jsonOrEmpty(r.scores(), at + ".scores");
      passed[i] = jsonOrEmpty(r.passed(), at + ".passed");
      reasons[i] = jsonOrEmpty(r.reasons(), at + ".reasons");
      latency[i] = r.latencyMs();
      inTok[i] = r.inputTokens();
      outTok[i] = r.outputTokens();
      cost[i] = r.costUsd();
      error[i] = noNul(r.error(), at + ".error");
      scorerErrors[i] = jsonOrEmpty(r.scorerErrors(), at + ".scorerErrors");
      traceId[i] = noNul(r.traceId(), at + ".traceId");
    }
    return Tuple.tuple(
        Arrays.asList(
            id,
            index,
            trial,
            rowId,
            digest,
            input,
            output,
            scores,
            passed,
            reasons,
            latency,
            inTok,
            outTok,
            cost,
            error,
            scorerErrors,
            traceId));
  }

  private String jsonOrEmpty(JsonNode node, String field) {
    return node == null || node.isNull() ? "{}" : jsonOf(node, field);
  }

  private String jsonOrNull(JsonNode node, String field) {
    return node == null || node.isNull() ? null : jsonOf(node, field);
  }

  private String jsonOf(Object value, String field) {
    try {
      String s = json.writeValueAsString(value);
      // PostgreSQL's jsonb cannot hold U+0000; say so instead of failing the whole batch with 500.
      if (s.contains("\\u0000")) {
        throw ProblemException.badRequest(
            field + " contains a NUL character (\\u0000), which cannot be stored; remove it");
      }
      return s;
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest(field + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String noNul(String s, String field) {
    if (s != null && s.indexOf('\0') >= 0) {
      throw ProblemException.badRequest(field + " contains a NUL character; remove it");
    }
    return s;
  }

  private JsonNode parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON does not parse", e);
    }
  }

  private EvaluationView view(Row r) {
    String[] scorers = r.getArrayOfStrings(7);
    OffsetDateTime finished = r.getOffsetDateTime(14);
    String dsName = r.getString(2);
    String dsVersion = r.getString(3);
    return new EvaluationView(
        r.getUUID(0).toString(),
        r.getString(1),
        dsName == null && dsVersion == null ? null : new DatasetRef(dsName, dsVersion),
        r.getString(4),
        r.getString(5),
        parse(r.getString(6)),
        scorers == null ? List.of() : List.of(scorers),
        r.getString(8),
        parse(r.getString(9)),
        r.getLong(10),
        r.getString(11),
        r.getInteger(12),
        r.getOffsetDateTime(13).toInstant(),
        finished == null ? null : finished.toInstant());
  }
}
