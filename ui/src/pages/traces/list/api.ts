import { unwrap, type Schemas, type WeftClient } from "../../../api/client";
import type { TraceApiQuery } from "./filters";

export type TraceSummary = Schemas["TraceSummary"];
export type TracePage = Schemas["TracePage"];

/**
 * One page of `GET /api/v1/projects/{project}/traces`. openapi-fetch writes arrays as repeated
 * names (`model=a&model=b`), which the API accepts.
 */
export function fetchTraces(api: WeftClient, project: string, query: TraceApiQuery, signal?: AbortSignal): Promise<TracePage> {
  return unwrap(
    api.GET("/api/v1/projects/{project}/traces", {
      params: { path: { project }, query },
      signal,
    }),
  );
}
