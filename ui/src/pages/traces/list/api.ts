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

export type TraceCount = Schemas["TraceCount"];

/** How many traces a count query (see `toCountQuery`) matches; null when the server sent none. */
export async function fetchTraceCount(
  api: WeftClient,
  project: string,
  query: TraceApiQuery,
  signal?: AbortSignal,
): Promise<TraceCount | null> {
  return (await fetchTraces(api, project, query, signal)).total ?? null;
}

/** "1 trace", "1,234 traces", or "10,000+ traces" when the server stopped counting there. */
export function describeCount(total: TraceCount): string {
  const n = total.count.toLocaleString("en-US");
  if (!total.exact) return `${n}+ traces`;
  return total.count === 1 ? "1 trace" : `${n} traces`;
}

export type TraceFacets = Schemas["TraceFacets"];

/** Trace names, models, providers and kinds of the project's traces over the last 7 days (filter suggestions). */
export function fetchFacets(api: WeftClient, project: string, signal?: AbortSignal): Promise<TraceFacets> {
  return unwrap(api.GET("/api/v1/projects/{project}/traces/facets", { params: { path: { project } }, signal }));
}

/** Values offered by the name, model and provider filters. */
export interface Suggestions {
  names: string[];
  models: string[];
  providers: string[];
}

/** Suggestions for the name, model and provider filters: the project's facets plus what is on screen. */
export function suggestionsOf(rows: readonly TraceSummary[] | undefined, facets: TraceFacets | undefined): Suggestions {
  const names = new Set<string>(facets?.names ?? []);
  const models = new Set<string>(facets?.models ?? []);
  const providers = new Set<string>(facets?.providers ?? []);
  for (const r of rows ?? []) {
    names.add(r.name);
    for (const m of r.models ?? []) models.add(m);
    for (const p of r.providers ?? []) providers.add(p);
  }
  return { names: [...names].sort(), models: [...models].sort(), providers: [...providers].sort() };
}
