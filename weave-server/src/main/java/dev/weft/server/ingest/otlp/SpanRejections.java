package dev.weft.server.ingest.otlp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the spans of one request that were rejected and builds the bounded, human-readable summary
 * sent back in OTLP {@code partial_success.error_message}, e.g. {@code "2 spans rejected: 1×
 * span_id must be 8 bytes, got 7 (span 'chat gpt-4o' in trace 5b8e12ab…); 1× end_time_unix_nano is
 * before start_time_unix_nano (span 'tool' in trace 5b8e12ab…)"}.
 */
final class SpanRejections {

  /** Distinct reasons listed individually; further reasons are counted together. */
  private static final int MAX_REASONS = 8;

  /** Upper bound on the message length in characters. */
  private static final int MAX_MESSAGE_CHARS = 1024;

  /** Characters of a span name or trace id shown in an example. */
  private static final int MAX_NAME_CHARS = 48;

  private static final int TRACE_ID_PREFIX_CHARS = 8;

  private final String singular;
  private final String plural;
  private final String exampleNoun;

  private int total;
  private int otherReasons;
  private Map<String, Group> groups;

  /** Rejections of spans: "2 spans rejected: ... (span 'chat' in trace 5b8e12ab…)". */
  SpanRejections() {
    this("span", "spans", "span");
  }

  /**
   * Rejections of other items, e.g. log records named by their event.
   *
   * @param singular what one item is called in the summary ("log record")
   * @param plural what several are called ("log records")
   * @param exampleNoun what an example's name is ("event" for "event 'gen_ai.choice' in trace …")
   */
  SpanRejections(String singular, String plural, String exampleNoun) {
    this.singular = singular;
    this.plural = plural;
    this.exampleNoun = exampleNoun;
  }

  /** Records a rejected span whose trace id is available as bytes. */
  void reject(String reason, String spanName, byte[] traceId) {
    Group group = group(reason);
    if (group != null && group.example == null) {
      String hex = traceId == null ? "" : OtlpText.bytesToHex(traceId);
      group.example = example(spanName, hex);
    }
  }

  /** Records a rejected span whose trace id is only available as (possibly invalid) text. */
  void reject(String reason, String spanName, String traceIdText) {
    Group group = group(reason);
    if (group != null && group.example == null) {
      group.example = example(spanName, traceIdText == null ? "" : traceIdText);
    }
  }

  /** The number of rejected spans. */
  int count() {
    return total;
  }

  /** The summary of all rejections, or {@code ""} when none were recorded. */
  String message() {
    if (total == 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder(128);
    sb.append(total).append(' ').append(total == 1 ? singular : plural).append(" rejected: ");
    String separator = "";
    for (Map.Entry<String, Group> entry : groups.entrySet()) {
      sb.append(separator).append(entry.getValue().count).append("× ").append(entry.getKey());
      sb.append(" (").append(entry.getValue().example).append(')');
      separator = "; ";
    }
    if (otherReasons > 0) {
      sb.append(separator).append(otherReasons).append("× other reasons");
    }
    return OtlpText.abbreviate(sb.toString(), MAX_MESSAGE_CHARS);
  }

  /** Counts one rejection; returns its group, or {@code null} when it falls under "other". */
  private Group group(String reason) {
    total++;
    if (groups == null) {
      groups = new LinkedHashMap<>();
    }
    Group group = groups.get(reason);
    if (group == null) {
      if (groups.size() >= MAX_REASONS) {
        otherReasons++;
        return null;
      }
      group = new Group();
      groups.put(reason, group);
    }
    group.count++;
    return group;
  }

  private String example(String spanName, String traceIdText) {
    String name = OtlpText.abbreviate(spanName == null ? "" : spanName, MAX_NAME_CHARS);
    StringBuilder sb = new StringBuilder(exampleNoun).append(" '").append(name).append('\'');
    if (!traceIdText.isEmpty()) {
      sb.append(" in trace ")
          .append(OtlpText.clean(OtlpText.abbreviate(traceIdText, TRACE_ID_PREFIX_CHARS)));
    }
    return sb.toString();
  }

  private static final class Group {
    int count;
    String example;
  }
}
