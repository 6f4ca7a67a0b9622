package dev.weft.server.pricing;

import dev.weft.server.pricing.CostBackfill.PricedSpan;
import dev.weft.server.pricing.CostBackfill.TraceCost;
import dev.weft.server.pricing.CostBackfill.UncostedSpan;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The cost columns of stored spans and their traces, for the price backfill. */
@ApplicationScoped
public class SpanCostRepository {

  /** Spans that could have a cost and have none: a model and at least one token count. */
  private static final String UNCOSTED =
      "select trace_id, span_id, start_time, model, input_tokens, output_tokens,"
          + " cache_read_tokens, cache_write_tokens"
          + " from spans where project_id = $1 and start_time >= $2 and start_time < $3"
          + " and cost_usd is null and model is not null"
          + " and (input_tokens is not null or output_tokens is not null)";

  /** Guarded by {@code cost_usd is null}: a span is priced once, whoever else prices it. */
  private static final String SET_SPAN_COST =
      "update spans set cost_usd = $5 where project_id = $1 and trace_id = $2 and span_id = $3"
          + " and start_time = $4 and cost_usd is null";

  /** Adds to the sum rather than recomputing it, so it commutes with the span writer's upsert. */
  private static final String ADD_TRACE_COST =
      "update traces set cost_usd = coalesce(cost_usd, 0) + $3"
          + " where project_id = $1 and trace_id = $2";

  @Inject Pool pool;

  /**
   * Reads the project's uncosted spans that start in {@code [from, to)} in pages, handing each page
   * to {@code page} before reading the next. The read is one scan (a cursor) in its own
   * transaction; what {@code page} writes goes through other connections.
   *
   * @param size spans per page
   * @return completes when every page was handled
   */
  public Uni<Void> forEachUncosted(
      long projectId,
      OffsetDateTime from,
      OffsetDateTime to,
      int size,
      Function<List<UncostedSpan>, Uni<Void>> page) {
    return pool.withTransaction(
        connection ->
            connection
                .prepare(UNCOSTED)
                .flatMap(
                    statement ->
                        drain(statement.cursor(Tuple.of(projectId, from, to)), size, page)
                            .eventually(statement::close)));
  }

  private static Uni<Void> drain(
      Cursor cursor, int size, Function<List<UncostedSpan>, Uni<Void>> page) {
    return cursor
        .read(size)
        .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().voidItem() : page.apply(spans(rows)))
        .flatMap(
            ignored -> cursor.hasMore() ? drain(cursor, size, page) : Uni.createFrom().voidItem());
  }

  private static List<UncostedSpan> spans(RowSet<Row> rows) {
    List<UncostedSpan> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(
          new UncostedSpan(
              row.getBuffer(0).getBytes(),
              row.getBuffer(1).getBytes(),
              row.getOffsetDateTime(2),
              row.getString(3),
              row.getLong(4),
              row.getLong(5),
              row.getLong(6),
              row.getLong(7)));
    }
    return out;
  }

  /**
   * Sets the costs of spans that still have none and adds them to their traces' costs, in one
   * transaction. Spans are updated one statement each (pipelined), trace rows in trace id order.
   *
   * @return the spans that got their cost (a span priced meanwhile by someone else is left out)
   */
  public Uni<List<PricedSpan>> setCosts(long projectId, List<PricedSpan> priced) {
    if (priced.isEmpty()) {
      return Uni.createFrom().item(List.of());
    }
    List<Tuple> spanRows = new ArrayList<>(priced.size());
    for (PricedSpan p : priced) {
      spanRows.add(
          Tuple.of(
              projectId,
              Buffer.buffer(p.span().traceId()),
              Buffer.buffer(p.span().spanId()),
              p.span().startTime(),
              p.costUsd()));
    }
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(SET_SPAN_COST)
                .executeBatch(spanRows)
                .flatMap(
                    result -> {
                      List<PricedSpan> set = new ArrayList<>(priced.size());
                      RowSet<Row> each = result;
                      for (PricedSpan p : priced) {
                        if (each.rowCount() == 1) {
                          set.add(p);
                        }
                        each = each.next();
                      }
                      List<Tuple> traceRows = new ArrayList<>();
                      for (TraceCost t : CostBackfill.traceCosts(set)) {
                        traceRows.add(Tuple.of(projectId, Buffer.buffer(t.traceId()), t.costUsd()));
                      }
                      if (traceRows.isEmpty()) {
                        return Uni.createFrom().item(set);
                      }
                      return connection
                          .preparedQuery(ADD_TRACE_COST)
                          .executeBatch(traceRows)
                          .replaceWith(set);
                    }));
  }
}
