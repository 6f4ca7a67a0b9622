/**
 * The trace list's view state (filters, sort, page) ↔ the URL's search params ↔ the API's query.
 *
 * Pure functions only, so the mapping is unit-tested: every view state lives in the URL (a link
 * can be shared, Back works), and a hand-edited URL never crashes the page — values the UI can
 * tell are invalid are dropped and reported in `problems`; the rest goes to the server, whose 400
 * message the page shows.
 */
import type { paths } from "../../../api/schema";
import { parseTimeWindow, timeWindowQuery, writeTimeWindow, type TimeWindow } from "../../../components/timeRange";

export const KINDS = ["llm", "chat", "embedding", "tool", "retriever", "agent", "chain", "other"] as const;
export type Kind = (typeof KINDS)[number];

export const SORTS = ["startTime", "duration", "tokens", "cost"] as const;
export type SortKey = (typeof SORTS)[number];
export type Order = "asc" | "desc";


export const DEFAULT_LIMIT = 50;

/** Everything that decides which traces are listed and how. */
export interface TraceFilters extends TimeWindow {
  /** trace names (exact), any of which the trace's name must be */
  name: string[];
  status?: "ok" | "error";
  model: string[];
  provider: string[];
  kind: Kind[];
  minDurationMs?: number;
  minCost?: number;
  q?: string;
  session?: string;
  run?: string;
  /** `key=value` attribute equalities */
  attr: string[];
}

export interface TraceView {
  filters: TraceFilters;
  sort: SortKey;
  order: Order;
  limit: number;
  /** the page's keyset cursor (absent on the first page) */
  cursor?: string;
  /** live mode requested */
  live: boolean;
}

export interface ParsedView {
  view: TraceView;
  /** what in the URL was ignored and why, for a person to read */
  problems: string[];
  /** the URL parameter names that were ignored, so the page can offer to remove them */
  ignored: string[];
}

export const EMPTY_FILTERS: TraceFilters = { name: [], model: [], provider: [], kind: [], attr: [] };

export const DEFAULT_VIEW: TraceView = {
  filters: EMPTY_FILTERS,
  sort: "startTime",
  order: "desc",
  limit: DEFAULT_LIMIT,
  live: false,
};

/** Splits repeated and comma-separated values (`model=a,b&model=c`), trimmed, without blanks or repeats. */
function list(params: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (const value of params.getAll(name)) {
    for (const part of value.split(",")) {
      const v = part.trim();
      if (v && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

function text(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name)?.trim();
  return v ? v : undefined;
}

/** Whether `s` is an attribute filter the server accepts: `key=value` with a non-empty key. */
export function isAttr(s: string): boolean {
  return s.indexOf("=") > 0;
}

/** Reads the view from the URL; invalid values are dropped and described in `problems`. */
export function parseView(params: URLSearchParams): ParsedView {
  const problems: string[] = [];
  const ignored = new Set<string>();
  const drop = (name: string, why: string) => {
    problems.push(why);
    ignored.add(name);
  };
  const filters: TraceFilters = {
    ...parseTimeWindow(params, drop),
    // names are never split at commas: each `name` parameter is one whole name
    name: [...new Set(params.getAll("name").filter((n) => n.trim() !== ""))],
    model: list(params, "model"),
    provider: list(params, "provider"),
    kind: [],
    attr: [],
  };

  const status = text(params, "status")?.toLowerCase();
  if (status !== undefined) {
    if (status === "ok" || status === "error") filters.status = status;
    else drop("status", `Ignored status '${status}': use ok or error.`);
  }
  for (const kind of list(params, "kind")) {
    if ((KINDS as readonly string[]).includes(kind)) filters.kind.push(kind as Kind);
    else drop("kind", `Ignored kind '${kind}': use one of ${KINDS.join(", ")}.`);
  }
  for (const name of ["minDurationMs", "minCost"] as const) {
    const v = text(params, name);
    if (v === undefined) continue;
    const n = Number(v);
    if (Number.isFinite(n) && n >= 0) filters[name] = n;
    else drop(name, `Ignored ${name} '${v}': use a number ≥ 0.`);
  }
  for (const name of ["q", "session", "run"] as const) {
    const v = params.get(name);
    if (v !== null && v.trim() !== "") filters[name] = v;
  }
  for (const a of params.getAll("attr")) {
    if (isAttr(a)) {
      if (!filters.attr.includes(a)) filters.attr.push(a);
    } else if (a.trim() !== "") {
      drop("attr", `Ignored attr '${a}': use key=value, e.g. user.id=42.`);
    }
  }

  const view: TraceView = { ...DEFAULT_VIEW, filters };
  const sort = text(params, "sort");
  if (sort !== undefined) {
    if ((SORTS as readonly string[]).includes(sort)) view.sort = sort as SortKey;
    else drop("sort", `Ignored sort '${sort}': use one of ${SORTS.join(", ")}.`);
  }
  const order = text(params, "order")?.toLowerCase();
  if (order !== undefined) {
    if (order === "asc" || order === "desc") view.order = order;
    else drop("order", `Ignored order '${order}': use asc or desc.`);
  }
  const limit = text(params, "limit");
  if (limit !== undefined) {
    const n = Number(limit);
    if (Number.isInteger(n) && n >= 1 && n <= 1000) view.limit = n;
    else drop("limit", `Ignored limit '${limit}': use a whole number from 1 to 1000.`);
  }
  const cursor = text(params, "cursor");
  if (cursor !== undefined) view.cursor = cursor;
  view.live = params.get("live") === "1";
  return { view, problems, ignored: [...ignored] };
}

/** Writes the view to search params; defaults are left out so links stay short. */
export function toSearchParams(view: TraceView): URLSearchParams {
  const p = new URLSearchParams();
  const f = view.filters;
  writeTimeWindow(p, f);
  for (const n of f.name) p.append("name", n);
  if (f.status) p.set("status", f.status);
  if (f.model.length) p.set("model", f.model.join(","));
  if (f.provider.length) p.set("provider", f.provider.join(","));
  if (f.kind.length) p.set("kind", f.kind.join(","));
  if (f.minDurationMs !== undefined) p.set("minDurationMs", String(f.minDurationMs));
  if (f.minCost !== undefined) p.set("minCost", String(f.minCost));
  if (f.q) p.set("q", f.q);
  if (f.session) p.set("session", f.session);
  if (f.run) p.set("run", f.run);
  for (const a of f.attr) p.append("attr", a);
  if (view.sort !== DEFAULT_VIEW.sort) p.set("sort", view.sort);
  if (view.order !== DEFAULT_VIEW.order) p.set("order", view.order);
  if (view.limit !== DEFAULT_LIMIT) p.set("limit", String(view.limit));
  if (view.cursor) p.set("cursor", view.cursor);
  if (view.live) p.set("live", "1");
  return p;
}

/** The query of `GET /api/v1/projects/{project}/traces` for a view; `now` resolves relative ranges. */
export type TraceApiQuery = NonNullable<paths["/api/v1/projects/{project}/traces"]["get"]["parameters"]["query"]>;

export function toApiQuery(view: TraceView, now: number = Date.now()): TraceApiQuery {
  const f = view.filters;
  const q: TraceApiQuery = timeWindowQuery(f, now);
  if (f.name.length) q.name = f.name;
  if (f.status) q.status = f.status;
  if (f.model.length) q.model = f.model;
  if (f.provider.length) q.provider = f.provider;
  if (f.kind.length) q.kind = f.kind;
  if (f.minDurationMs !== undefined) q.minDurationMs = f.minDurationMs;
  if (f.minCost !== undefined) q.minCost = f.minCost;
  if (f.q) q.q = f.q;
  if (f.session) q.session = f.session;
  if (f.run) q.run = f.run;
  if (f.attr.length) q.attr = f.attr;
  if (view.sort !== DEFAULT_VIEW.sort) q.sort = view.sort;
  if (view.order !== DEFAULT_VIEW.order) q.order = view.order;
  q.limit = view.limit;
  if (view.cursor) q.cursor = view.cursor;
  return q;
}

/**
 * The query that counts the traces a view's filters match: the same filters, no sort, no cursor,
 * one row (the page is not what is wanted) and `total=true`.
 */
export function toCountQuery(view: TraceView, now: number = Date.now()): TraceApiQuery {
  const q = toApiQuery({ ...view, cursor: undefined }, now);
  delete q.sort;
  delete q.order;
  return { ...q, limit: 1, total: true };
}

/** Whether any filter narrows the list (sort, page size and live mode are not filters). */
export function hasFilters(f: TraceFilters): boolean {
  return (
    f.range !== undefined ||
    f.from !== undefined ||
    f.to !== undefined ||
    f.name.length > 0 ||
    f.status !== undefined ||
    f.model.length > 0 ||
    f.provider.length > 0 ||
    f.kind.length > 0 ||
    f.minDurationMs !== undefined ||
    f.minCost !== undefined ||
    f.q !== undefined ||
    f.session !== undefined ||
    f.run !== undefined ||
    f.attr.length > 0
  );
}

/** Changing filters or sort goes back to the first page: a cursor belongs to one query. */
export function withFilters(view: TraceView, patch: Partial<TraceFilters>): TraceView {
  return { ...view, filters: { ...view.filters, ...patch }, cursor: undefined };
}

/** Clicking a column: the same column flips the order, another one sorts by it, largest first. */
export function toggleSort(view: TraceView, sort: SortKey): TraceView {
  const order: Order = view.sort === sort ? (view.order === "desc" ? "asc" : "desc") : "desc";
  return { ...view, sort, order, cursor: undefined };
}

/** Live mode only makes sense where new traces appear: newest first, on the first page. */
export function liveBlocker(view: TraceView): string | undefined {
  if (view.sort !== "startTime" || view.order !== "desc") return "Live mode needs the newest traces first: sort by start, descending.";
  if (view.cursor) return "Live mode works on the first page: go back to the first page.";
  if (view.filters.to && !view.filters.range) return "Live mode is off while a fixed end time ('to') is set.";
  return undefined;
}

/** Splits a comma-separated input into values. */
export function splitList(value: string): string[] {
  const out: string[] = [];
  for (const part of value.split(",")) {
    const v = part.trim();
    if (v && !out.includes(v)) out.push(v);
  }
  return out;
}
