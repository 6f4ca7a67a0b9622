package dev.weft.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.common.ProblemException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates the body of a metric append ({@code {"points":[{"key","step","value","time"?}]}}) into
 * points. The whole request is refused (400 naming the first bad point's index, 413 when too large)
 * so a client never has to guess which part was stored. A (key, step) repeated inside one request
 * keeps its first occurrence, as a repeat across requests does.
 */
public final class MetricBatchParser {

  /** Metric key grammar; '/' groups keys ({@code system/cpu}). */
  public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_./ -]{1,128}");

  private MetricBatchParser() {}

  /**
   * Parsed points with the index each had in the request.
   *
   * @param points the points, first occurrence of each (key, step) only
   * @param indexes the request index of each point
   */
  public record Parsed(List<MetricPoint> points, List<Integer> indexes) {}

  /**
   * Parses and checks a body.
   *
   * @param now the time given to points without one
   * @throws ProblemException 400 or 413
   */
  public static Parsed parse(
      JsonNode body, long projectId, String runId, int maxPoints, OffsetDateTime now) {
    if (body == null || !body.isObject()) {
      throw ProblemException.badRequest(
          "expected a JSON object {\"points\":[{\"key\":...,\"step\":...,\"value\":...}]}");
    }
    JsonNode points = body.get("points");
    if (points == null || !points.isArray()) {
      throw ProblemException.badRequest(
          "'points' must be an array of {\"key\",\"step\",\"value\",\"time\"?} objects");
    }
    if (points.size() > maxPoints) {
      throw ProblemException.tooLarge(
          points.size()
              + " points in one request; at most "
              + maxPoints
              + " are accepted (weft.runs.max-points-per-request): split the batch");
    }
    List<MetricPoint> out = new ArrayList<>(points.size());
    List<Integer> indexes = new ArrayList<>(points.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < points.size(); i++) {
      JsonNode p = points.get(i);
      if (!p.isObject()) {
        throw bad(i, "is not an object");
      }
      JsonNode key = p.get("key");
      if (key == null || key.isNull()) {
        throw bad(i, "has no 'key'");
      }
      if (!key.isTextual() || !KEY.matcher(key.asText()).matches()) {
        throw bad(
            i,
            "has an invalid key " + key + ": use 1-128 letters, digits, '_', '.', '/', ' ' or '-'");
      }
      JsonNode step = p.get("step");
      if (step == null || step.isNull()) {
        throw bad(i, "(key '" + key.asText() + "') has no 'step'");
      }
      if (!step.isIntegralNumber() || !step.canConvertToLong()) {
        throw bad(i, "(key '" + key.asText() + "') has step " + step + ", not an integer");
      }
      if (step.asLong() < 0) {
        throw bad(i, "(key '" + key.asText() + "') has a negative step " + step.asLong());
      }
      JsonNode value = p.get("value");
      if (value == null || value.isNull()) {
        throw bad(i, "(key '" + key.asText() + "') has no 'value'");
      }
      if (!value.isNumber()) {
        throw bad(
            i,
            "(key '"
                + key.asText()
                + "') has value "
                + value
                + ": values must be JSON numbers (NaN and Infinity are not accepted)");
      }
      double v = value.asDouble();
      if (!Double.isFinite(v)) {
        throw bad(
            i,
            "(key '"
                + key.asText()
                + "') has value "
                + value
                + ", outside the range of a double: values must be finite");
      }
      OffsetDateTime time = now;
      JsonNode t = p.get("time");
      if (t != null && !t.isNull()) {
        if (!t.isTextual()) {
          throw bad(i, "has time " + t + ": use an ISO-8601 instant such as 2026-11-27T10:00:00Z");
        }
        try {
          time = OffsetDateTime.parse(t.asText()).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw bad(
              i,
              "has time '"
                  + t.asText()
                  + "': use an ISO-8601 instant such as 2026-11-27T10:00:00Z");
        }
      }
      if (seen.add(key.asText() + '\u0000' + step.asLong())) {
        out.add(new MetricPoint(projectId, runId, key.asText(), step.asLong(), v, time));
        indexes.add(i);
      }
    }
    return new Parsed(out, indexes);
  }

  private static ProblemException bad(int index, String what) {
    return ProblemException.badRequest("point " + index + " " + what);
  }
}
