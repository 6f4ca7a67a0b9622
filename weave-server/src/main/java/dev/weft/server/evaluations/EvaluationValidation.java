package dev.weft.server.evaluations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.common.ProblemException;
import dev.weft.server.evaluations.EvaluationViews.CreateEvaluation;
import dev.weft.server.evaluations.EvaluationViews.RowInput;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Checks API input before anything is written, with messages that say what to change. */
final class EvaluationValidation {

  static final int MAX_ROWS_PER_BATCH = 1000;
  static final int MAX_NAME = 200;
  static final int MAX_TEXT = 1000;
  static final int MAX_SCORES_PER_ROW = 100;
  static final int MAX_SCORERS = 100;

  private EvaluationValidation() {}

  static UUID id(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ProblemException.notFound("no evaluation '" + id + "' (ids are UUIDs)");
    }
  }

  static UUID create(CreateEvaluation body) {
    if (body == null) {
      throw ProblemException.badRequest(
          "send a JSON body such as {\"name\": \"qa-gpt-4o\", \"dataset\": {\"name\": \"qa\","
              + " \"version\": \"<digest>\"}, \"model\": \"gpt-4o\", \"scorers\": [\"exact_match\"]}");
    }
    if (body.name() == null || body.name().isBlank()) {
      throw ProblemException.badRequest("give the evaluation a name");
    }
    text("name", body.name(), MAX_NAME);
    if (body.dataset() != null) {
      text("dataset.name", body.dataset().name(), MAX_NAME);
      text("dataset.version", body.dataset().version(), MAX_NAME);
    }
    text("model", body.model(), MAX_TEXT);
    text("prompt", body.prompt(), MAX_TEXT);
    text("gitCommit", body.gitCommit(), MAX_NAME);
    if (body.parameters() != null && !body.parameters().isObject() && !body.parameters().isNull()) {
      throw ProblemException.badRequest("parameters must be a JSON object");
    }
    if (body.summary() != null && !body.summary().isObject() && !body.summary().isNull()) {
      throw ProblemException.badRequest(
          "summary must be a JSON object of score name → {mean, stddev, passRate, ciLow, ciHigh}");
    }
    List<String> scorers = body.scorers();
    if (scorers != null) {
      if (scorers.size() > MAX_SCORERS) {
        throw ProblemException.badRequest("at most " + MAX_SCORERS + " scorers");
      }
      for (String s : scorers) {
        if (s == null || s.isBlank()) {
          throw ProblemException.badRequest("scorer names must not be empty");
        }
        text("scorer name", s, MAX_NAME);
      }
    }
    if (body.durationMs() != null && body.durationMs() < 0) {
      throw ProblemException.badRequest("durationMs must not be negative");
    }
    if (body.id() == null) {
      return UUID.randomUUID();
    }
    try {
      return UUID.fromString(body.id());
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "id must be a UUID such as 3f2b8c1e-...; leave it out to have one generated");
    }
  }

  static void rows(List<RowInput> rows) {
    if (rows == null || rows.isEmpty()) {
      throw ProblemException.badRequest("send {\"rows\": [ ... ]} with at least one row");
    }
    if (rows.size() > MAX_ROWS_PER_BATCH) {
      throw ProblemException.tooLarge(
          rows.size()
              + " rows in one request; send at most "
              + MAX_ROWS_PER_BATCH
              + " per request (the client libraries batch by 500)");
    }
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      RowInput r = rows.get(i);
      String at = "rows[" + i + "]";
      if (r == null) {
        throw ProblemException.badRequest(at + " is null");
      }
      if (r.index() == null || r.index() < 0) {
        throw ProblemException.badRequest(at + ".index must be a number ≥ 0");
      }
      int trial = r.trial() == null ? 0 : r.trial();
      if (trial < 0) {
        throw ProblemException.badRequest(at + ".trial must be ≥ 0");
      }
      if (!seen.add(((long) r.index() << 20) ^ trial)) {
        throw ProblemException.badRequest(
            at + " repeats index " + r.index() + " trial " + trial + " within the same request");
      }
      if (r.rowDigest() == null || r.rowDigest().isBlank()) {
        throw ProblemException.badRequest(
            at + ".rowDigest is required (SHA-256 of the row's canonical JSON)");
      }
      text(at + ".rowDigest", r.rowDigest(), 128);
      text(at + ".rowId", r.rowId(), MAX_NAME);
      text(at + ".traceId", r.traceId(), 64);
      JsonNode scores = r.scores();
      object(at + ".scores", scores);
      if (scores != null && scores.size() > MAX_SCORES_PER_ROW) {
        throw ProblemException.badRequest(at + " has more than " + MAX_SCORES_PER_ROW + " scores");
      }
      if (scores != null) {
        var fields = scores.fields();
        while (fields.hasNext()) {
          var e = fields.next();
          text(at + ".scores key", e.getKey(), MAX_NAME);
          if (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue())) {
            throw ProblemException.badRequest(
                at + ".scores." + e.getKey() + " must be a number, not " + e.getValue());
          }
        }
      }
      object(at + ".passed", r.passed());
      if (r.passed() != null) {
        r.passed()
            .fields()
            .forEachRemaining(
                e -> {
                  if (!e.getValue().isBoolean()) {
                    throw ProblemException.badRequest(
                        at + ".passed." + e.getKey() + " must be true or false");
                  }
                });
      }
      object(at + ".reasons", r.reasons());
      object(at + ".scorerErrors", r.scorerErrors());
      if (r.latencyMs() != null && (r.latencyMs() < 0 || !Double.isFinite(r.latencyMs()))) {
        throw ProblemException.badRequest(at + ".latencyMs must be a number ≥ 0");
      }
      if (r.inputTokens() != null && r.inputTokens() < 0
          || r.outputTokens() != null && r.outputTokens() < 0) {
        throw ProblemException.badRequest(at + " token counts must be ≥ 0");
      }
      if (r.costUsd() != null && !Double.isFinite(r.costUsd())) {
        throw ProblemException.badRequest(at + ".costUsd must be a finite number");
      }
    }
  }

  private static void object(String field, JsonNode node) {
    if (node != null && !node.isNull() && !node.isObject()) {
      throw ProblemException.badRequest(field + " must be a JSON object");
    }
  }

  private static void text(String field, String value, int max) {
    if (value != null && value.length() > max) {
      throw ProblemException.badRequest(field + " is longer than " + max + " characters");
    }
    if (value != null && value.indexOf('\0') >= 0) {
      throw ProblemException.badRequest(field + " contains a NUL character");
    }
  }
}
