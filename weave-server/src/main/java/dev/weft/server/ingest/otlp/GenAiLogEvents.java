package dev.weft.server.ingest.otlp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Picks the OpenTelemetry GenAI events out of OTLP log records. Instrumentations following the
 * GenAI conventions before span attributes carried messages (e.g. the OpenTelemetry Java agent's
 * OpenAI instrumentation, Python's {@code opentelemetry-instrumentation-openai-v2}) send each
 * prompt message and each choice as a log record: named by {@code event_name} (or the older {@code
 * event.name} attribute), content in the body, and the trace and span ids of the model call it
 * belongs to. Weft keeps such records as events of their span; every other log record is rejected
 * and counted in {@code partial_success}, since Weft is not a log store. Pure.
 */
public final class GenAiLogEvents {

  /** The event names kept: message events, choices, the oldest content events, and details. */
  public static final Set<String> NAMES =
      Set.of(
          "gen_ai.system.message",
          "gen_ai.user.message",
          "gen_ai.assistant.message",
          "gen_ai.tool.message",
          "gen_ai.choice",
          "gen_ai.content.prompt",
          "gen_ai.content.completion",
          GenAiLogEvents.DETAILS_EVENT);

  /**
   * The newest conventions' single event per model call, carrying {@code gen_ai.input.messages},
   * {@code gen_ai.output.messages} and {@code gen_ai.system_instructions} as attributes.
   */
  public static final String DETAILS_EVENT = "gen_ai.client.inference.operation.details";

  /** The attribute an event's body is kept under, as span events from log bridges carry it. */
  public static final String BODY = "body";

  private static final String NOT_GENAI =
      "not a GenAI event: Weft keeps only the gen_ai.* message and choice events of the"
          + " OpenTelemetry GenAI conventions (named by event_name or the event.name attribute)"
          + " and stores no other logs";

  private static final String NO_SPAN =
      "no trace_id or span_id: a GenAI event must carry the ids of the span of its model call"
          + " (emit it while that span is current)";

  private static final String NOT_SAMPLED =
      "its span was not sampled (trace flags without the sampled bit), so the span is never"
          + " exported and there is nothing to attach the event to";

  private static final String BEFORE_2000 =
      "time_unix_nano (or, when unset, observed_time_unix_nano) is before 2000-01-01: OTLP times"
          + " are nanoseconds since the Unix epoch";

  private static final String PROJECT = "weft.project";

  private GenAiLogEvents() {}

  /**
   * A GenAI event and the span it belongs to.
   *
   * @param traceId 16 bytes
   * @param spanId 8 bytes
   * @param project the project named by {@code weft.project} on the record or its resource, or
   *     {@code null} for the key's project
   * @param event the event: name, time, and the record's attributes with its body under {@link
   *     #BODY}
   */
  public record SpanEvent(byte[] traceId, byte[] spanId, String project, DecodedEvent event) {}

  /**
   * The outcome of one export request.
   *
   * @param events the GenAI events kept, in wire order
   * @param rejected how many log records were not kept
   * @param message why, for {@code partial_success}, or empty
   */
  public record Selection(List<SpanEvent> events, int rejected, String message) {}

  /** Why a record is not kept, or {@code null} when it is a GenAI event of a sampled span. */
  private static String problem(DecodedLogRecord r) {
    if (!NAMES.contains(r.eventName())) {
      return NOT_GENAI;
    }
    if (r.timeUnixNano() < SpanTimeWindow.YEAR_2000_NANOS) {
      return BEFORE_2000;
    }
    if (r.traceId().length == 0 || r.spanId().length == 0) {
      return NO_SPAN;
    }
    String ids = SpanValidator.idProblem(r.traceId(), r.spanId());
    if (ids != null) {
      return ids;
    }
    return notSampled(r) ? NOT_SAMPLED : null;
  }

  /**
   * Whether the record's trace flags say its span was not sampled. SDKs copy the span's W3C trace
   * flags into the record; without the sampled bit the span is never exported, and its events would
   * only wait to be deleted (and be looked up for their span all that time).
   */
  private static boolean notSampled(DecodedLogRecord r) {
    return (r.flags() & 0x01) == 0;
  }

  /** Keeps the GenAI events that name their span; counts and explains the rest. */
  public static Selection select(List<DecodedLogRecord> records) {
    SpanRejections rejections = new SpanRejections("log record", "log records", "event");
    List<SpanEvent> kept = new ArrayList<>(records.size());
    for (DecodedLogRecord r : records) {
      String name = r.eventName();
      String problem = problem(r);
      if (problem != null) {
        rejections.reject(problem, name.isEmpty() ? "(no event name)" : name, r.traceId());
        continue;
      }
      Map<String, Object> attributes = new LinkedHashMap<>(r.attributes());
      attributes.remove(DecodedLogRecord.EVENT_NAME_ATTRIBUTE);
      Object project = attributes.remove(PROJECT);
      if (r.body() != null) {
        attributes.put(BODY, r.body());
      }
      kept.add(
          new SpanEvent(
              r.traceId(),
              r.spanId(),
              project instanceof String s ? s : r.resource().string(PROJECT),
              new DecodedEvent(name, r.timeUnixNano(), attributes)));
    }
    return new Selection(kept, rejections.count(), rejections.message());
  }
}
