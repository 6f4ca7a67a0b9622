package dev.weft.server.ingest;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code span_log_events} table: GenAI events received as OTLP log records, waiting for their
 * span (see {@link LogEventService}).
 */
@ApplicationScoped
public class LogEventRepository {

  /**
   * How far before an event its span may have started. A model call's events are emitted while its
   * span runs; the bound keeps the match to the partitions of those days.
   */
  static final Duration SPAN_BEFORE_EVENT = Duration.ofDays(1);

  /** How far after an event its span may have started (clocks of different hosts differ). */
  static final Duration SPAN_AFTER_EVENT = Duration.ofHours(1);

  @Inject Pool pool;

  // JSON documents are bound as text and cast: the reactive client binds a Java String to a jsonb
  // parameter as a JSON string value, which would store the document quoted.

  /**
   * An event to store.
   *
   * @param projectId the project
   * @param traceId 16 bytes
   * @param spanId 8 bytes
   * @param time the event's time
   * @param eventJson the event as {@code {"name", "timeUnixNano", "attributes"}}
   */
  public record NewEvent(
      long projectId, byte[] traceId, byte[] spanId, OffsetDateTime time, String eventJson) {}

  /**
   * A waiting event.
   *
   * @param id the event's row id
   * @param projectId the project
   * @param traceId the trace id
   * @param spanId the span id
   * @param time the event's time
   * @param eventJson the stored event
   */
  public record Waiting(
      long id,
      long projectId,
      byte[] traceId,
      byte[] spanId,
      OffsetDateTime time,
      String eventJson) {}

  /**
   * A waiting event whose span is stored.
   *
   * @param event the event
   * @param spanStart the span's start time (its partition key)
   */
  public record Match(Waiting event, OffsetDateTime spanStart) {}

  /**
   * A stored span's identity.
   *
   * @param projectId the project
   * @param traceId the trace id
   * @param spanId the span id
   */
  public record SpanKey(long projectId, ByteBuffer traceId, ByteBuffer spanId) {

    /** The key of the span an event belongs to. */
    static SpanKey of(Waiting e) {
      return new SpanKey(e.projectId(), ByteBuffer.wrap(e.traceId()), ByteBuffer.wrap(e.spanId()));
    }
  }

  /**
   * The content a span gets from its events.
   *
   * @param projectId the project
   * @param traceId the trace id
   * @param spanId the span id
   * @param spanStart the span's start time
   * @param input the input JSON, or {@code null}
   * @param output the output JSON, or {@code null}
   */
  public record SpanContent(
      long projectId,
      byte[] traceId,
      byte[] spanId,
      OffsetDateTime spanStart,
      String input,
      String output) {}

  /**
   * Stores events in one transaction. An event already waiting (same span, time and content, e.g.
   * from a re-sent export) is stored once.
   */
  public Uni<Void> insert(List<NewEvent> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().voidItem();
    }
    List<Tuple> rows = new ArrayList<>(events.size());
    for (NewEvent e : events) {
      rows.add(
          Tuple.of(
              e.projectId(),
              Buffer.buffer(e.traceId()),
              Buffer.buffer(e.spanId()),
              e.time(),
              e.eventJson()));
    }
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(
                    "insert into span_log_events"
                        + " (project_id, trace_id, span_id, event_time, event)"
                        + " values ($1, $2, $3, $4, $5::text::jsonb)"
                        + " on conflict (project_id, trace_id, span_id, event_time,"
                        + " md5(event::text)) do nothing")
                .executeBatch(rows)
                .replaceWithVoid());
  }

  /** Up to {@code limit} waiting events with an id above {@code afterId}, in id order. */
  public Uni<List<Waiting>> waiting(long afterId, int limit) {
    return pool.preparedQuery(
            "select id, project_id, trace_id, span_id, event_time, event::text"
                + " from span_log_events where id > $1 order by id limit $2")
        .execute(Tuple.of(afterId, limit))
        .map(
            rows -> {
              List<Waiting> out = new ArrayList<>(rows.size());
              for (Row row : rows) {
                out.add(
                    new Waiting(
                        row.getLong(0),
                        row.getLong(1),
                        row.getBuffer(2).getBytes(),
                        row.getBuffer(3).getBytes(),
                        row.getOffsetDateTime(4),
                        row.getString(5)));
              }
              return out;
            });
  }

  /**
   * The start times of the stored spans among those the events belong to. The events' times bound
   * the search to the partitions of the day before the earliest to an hour after the latest: a span
   * is looked up by key in those days only, never by a scan of every partition.
   */
  public Uni<Map<SpanKey, OffsetDateTime>> spanStarts(List<Waiting> events) {
    if (events.isEmpty()) {
      return Uni.createFrom().item(Map.of());
    }
    Long[] projects = new Long[events.size()];
    Buffer[] traces = new Buffer[events.size()];
    Buffer[] spans = new Buffer[events.size()];
    OffsetDateTime earliest = events.get(0).time();
    OffsetDateTime latest = earliest;
    for (int i = 0; i < events.size(); i++) {
      Waiting e = events.get(i);
      projects[i] = e.projectId();
      traces[i] = Buffer.buffer(e.traceId());
      spans[i] = Buffer.buffer(e.spanId());
      earliest = e.time().isBefore(earliest) ? e.time() : earliest;
      latest = e.time().isAfter(latest) ? e.time() : latest;
    }
    return pool.preparedQuery(
            "select s.project_id, s.trace_id, s.span_id, s.start_time"
                + " from unnest($1::bigint[], $2::bytea[], $3::bytea[])"
                + " as k(project_id, trace_id, span_id)"
                + " join spans s on s.project_id = k.project_id and s.trace_id = k.trace_id"
                + " and s.span_id = k.span_id"
                + " where s.start_time >= $4 and s.start_time <= $5")
        .execute(
            Tuple.of(
                projects,
                traces,
                spans,
                earliest.minus(SPAN_BEFORE_EVENT),
                latest.plus(SPAN_AFTER_EVENT)))
        .map(
            rows -> {
              Map<SpanKey, OffsetDateTime> out = new HashMap<>();
              for (Row row : rows) {
                out.put(
                    new SpanKey(
                        row.getLong(0),
                        ByteBuffer.wrap(row.getBuffer(1).getBytes()),
                        ByteBuffer.wrap(row.getBuffer(2).getBytes())),
                    row.getOffsetDateTime(3));
              }
              return out;
            });
  }

  /**
   * Gives spans the content of their events (only where the span has none of its own) and deletes
   * those events, in one transaction.
   */
  public Uni<Void> apply(List<SpanContent> contents, List<Long> eventIds) {
    List<Tuple> updates = new ArrayList<>(contents.size());
    for (SpanContent c : contents) {
      updates.add(
          Tuple.tuple()
              .addLong(c.projectId())
              .addValue(Buffer.buffer(c.traceId()))
              .addValue(Buffer.buffer(c.spanId()))
              .addOffsetDateTime(c.spanStart())
              .addString(c.input())
              .addString(c.output()));
    }
    return pool.withTransaction(
        connection ->
            (updates.isEmpty()
                    ? Uni.createFrom().voidItem()
                    : connection
                        .preparedQuery(
                            "update spans set input = coalesce(input, $5::text::jsonb),"
                                + " output = coalesce(output, $6::text::jsonb)"
                                + " where project_id = $1 and trace_id = $2 and span_id = $3"
                                + " and start_time = $4")
                        .executeBatch(updates)
                        .replaceWithVoid())
                .flatMap(
                    ignored ->
                        connection
                            .preparedQuery("delete from span_log_events where id = any($1)")
                            .execute(Tuple.of(eventIds.toArray(new Long[0])))
                            .replaceWithVoid()));
  }

  /** Deletes events received more than {@code maxWait} ago; returns how many. */
  public Uni<Integer> expire(Duration maxWait) {
    return pool.preparedQuery(
            "delete from span_log_events where received_at < now() - make_interval(secs => $1)")
        .execute(Tuple.of((double) maxWait.toSeconds()))
        .map(rows -> rows.rowCount());
  }
}
