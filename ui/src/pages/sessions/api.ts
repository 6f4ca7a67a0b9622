import { unwrap, type Schemas, type WeftClient } from "../../api/client";

export type SessionSummary = Schemas["SessionSummary"];
export type SessionPage = Schemas["SessionPage"];
export type TraceSummary = Schemas["TraceSummary"];
export type TracePage = Schemas["TracePage"];

/**
 * Sessions most recently active first, one keyset page; with `from`/`to`, only the traces that
 * start in that range count.
 */
export function fetchSessions(
  api: WeftClient,
  project: string,
  limit: number,
  range: { from?: string; to?: string },
  cursor?: string,
  signal?: AbortSignal,
): Promise<SessionPage> {
  return unwrap(
    api.GET("/api/v1/projects/{project}/sessions", {
      params: { path: { project }, query: { limit, ...range, ...(cursor ? { cursor } : {}) } },
      signal,
    }),
  );
}

/** One session's traces in start order, one keyset page; with `from`/`to`, those that start in that range. */
export function fetchSessionTraces(
  api: WeftClient,
  project: string,
  sessionId: string,
  limit: number,
  range: { from?: string; to?: string },
  cursor?: string,
  signal?: AbortSignal,
): Promise<TracePage> {
  return unwrap(
    api.GET("/api/v1/projects/{project}/sessions/{sessionId}", {
      params: { path: { project, sessionId }, query: { limit, ...range, ...(cursor ? { cursor } : {}) } },
      signal,
    }),
  );
}
