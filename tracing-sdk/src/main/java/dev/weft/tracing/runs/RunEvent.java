package dev.weft.tracing.runs;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change of a run, in the order it happened: the unit the uploader sends and the offline
 * directory stores (one JSON line each: {@code {"type":"create","project":..,"body":{..}}}).
 *
 * @param type create, patch, metrics, heartbeat or finish
 * @param body the request body of the runs API for that change
 */
record RunEvent(String type, ObjectNode body) {
  static final String CREATE = "create";
  static final String PATCH = "patch";
  static final String METRICS = "metrics";
  static final String HEARTBEAT = "heartbeat";
  static final String FINISH = "finish";
}
