import { flatten } from "./flatten";

/** Run states the API knows. */
export const RUN_STATES = ["running", "finished", "failed", "crashed"] as const;

/** Comparison operators of the list filters (`=` is plain equality of the value's text). */
export const FILTER_OPS = [
  { value: "", label: "=" },
  { value: "ne", label: "≠" },
  { value: "gt", label: ">" },
  { value: "gte", label: "≥" },
  { value: "lt", label: "<" },
  { value: "lte", label: "≤" },
] as const;

export type FilterOp = (typeof FILTER_OPS)[number]["value"];

/** A config or summary filter: `<field>.<key>=<op>:<value>` in the URL and the API alike. */
export interface RunFilter {
  field: "config" | "summary";
  key: string;
  op: FilterOp;
  value: string;
}

/** Everything the runs table shows, as it lives in the URL. */
export interface RunsView {
  states: string[];
  tags: string[];
  group: string;
  filters: RunFilter[];
  /** `createdAt`, `startedAt`, `name`, `summary.<key>` or `config.<key>` (the last two numeric). */
  sort: string;
  order: "asc" | "desc";
  /** Chosen columns, `config.<key>` or `summary.<key>`. */
  cols: string[];
}

const csv = (raw: string | null) =>
  (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function parseFilter(name: string, raw: string): RunFilter | null {
  const dot = name.indexOf(".");
  const field = name.slice(0, dot);
  const key = name.slice(dot + 1);
  if ((field !== "config" && field !== "summary") || !key) return null;
  const m = /^(ne|gte|gt|lte|lt):(.*)$/s.exec(raw);
  return m ? { field, key, op: m[1] as FilterOp, value: m[2] } : { field, key, op: "", value: raw };
}

/** Reads the table's view from the page URL; unknown values fall back to the defaults. */
export function parseRunsView(params: URLSearchParams): RunsView {
  const filters: RunFilter[] = [];
  for (const [name, value] of params) {
    if (name.startsWith("config.") || name.startsWith("summary.")) {
      const f = parseFilter(name, value);
      if (f) filters.push(f);
    }
  }
  const sort = params.get("sort") ?? "";
  return {
    states: csv(params.get("state")).filter((s) => (RUN_STATES as readonly string[]).includes(s)),
    tags: csv(params.get("tag")),
    group: params.get("group") ?? "",
    filters,
    sort: ["createdAt", "startedAt", "name"].includes(sort) || /^(summary|config)\../.test(sort) ? sort : "createdAt",
    order: params.get("order") === "asc" ? "asc" : "desc",
    cols: csv(params.get("cols")),
  };
}

/** The page URL of a view: defaults are left out so links stay short. */
export function writeRunsView(view: RunsView, keep?: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  if (view.states.length) out.set("state", view.states.join(","));
  if (view.tags.length) out.set("tag", view.tags.join(","));
  if (view.group) out.set("group", view.group);
  for (const f of view.filters) out.append(`${f.field}.${f.key}`, f.op ? `${f.op}:${f.value}` : f.value);
  if (view.sort !== "createdAt") out.set("sort", view.sort);
  if (view.order !== "desc") out.set("order", view.order);
  if (view.cols.length) out.set("cols", view.cols.join(","));
  const sel = keep?.get("sel");
  if (sel) out.set("sel", sel);
  return out;
}

/** Query parameters of `GET /runs` for a view (the URL's table-only settings are left out). */
export function toListQuery(view: RunsView, limit: number, cursor?: string): Record<string, string | string[]> {
  const q: Record<string, string | string[]> = { limit: String(limit) };
  if (view.states.length) q.state = view.states.join(",");
  if (view.tags.length) q.tag = view.tags.join(",");
  if (view.group) q.group = view.group;
  for (const f of view.filters) {
    const name = `${f.field}.${f.key}`;
    const value = f.op ? `${f.op}:${f.value}` : f.value;
    const prior = q[name];
    q[name] = prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  q.sort = view.sort;
  q.order = view.order;
  if (cursor) q.cursor = cursor;
  return q;
}

/** A key found in the loaded runs, with how many of them have it. */
export interface DiscoveredKey {
  /** `config.<flat key>` or `summary.<flat key>`. */
  column: string;
  key: string;
  field: "config" | "summary";
  runs: number;
  /** Every value seen is a number (the server sorts config and summary keys numerically). */
  numeric: boolean;
}

/** The config and summary keys (flattened) of the loaded runs, for the column picker. */
export function discoverKeys(runs: readonly { config?: unknown; summary?: unknown }[]): DiscoveredKey[] {
  const found = new Map<string, DiscoveredKey>();
  for (const run of runs) {
    for (const field of ["config", "summary"] as const) {
      for (const [key, value] of Object.entries(flatten(run[field]))) {
        const column = `${field}.${key}`;
        const entry = found.get(column) ?? { column, key, field, runs: 0, numeric: true };
        entry.runs++;
        if (typeof value !== "number") entry.numeric = false;
        found.set(column, entry);
      }
    }
  }
  return [...found.values()].sort((a, b) =>
    a.field !== b.field ? (a.field === "config" ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
}

/** Default columns when the user chose none: the first few summary keys, then config keys. */
export function defaultColumns(keys: readonly DiscoveredKey[], max = 6): string[] {
  const summary = keys.filter((k) => k.field === "summary").map((k) => k.column);
  const config = keys.filter((k) => k.field === "config").map((k) => k.column);
  return [...summary.slice(0, Math.ceil(max / 2)), ...config].slice(0, max);
}

/**
 * Run duration in ms: start (or creation) to finish, to `now` while it runs, or to the last
 * heartbeat of a crashed run (the last sign of life, as W&B counts it).
 */
export function runDurationMs(
  run: {
    createdAt?: string | null;
    startedAt?: string | null;
    finishedAt?: string | null;
    lastHeartbeatAt?: string | null;
    state?: string | null;
  },
  now: number,
): number | null {
  const start = Date.parse(run.startedAt ?? run.createdAt ?? "");
  if (Number.isNaN(start)) return null;
  const end = run.finishedAt
    ? Date.parse(run.finishedAt)
    : run.state === "running"
      ? now
      : run.lastHeartbeatAt
        ? Date.parse(run.lastHeartbeatAt)
        : Number.NaN;
  return Number.isNaN(end) ? null : Math.max(0, end - start);
}

/** How long ago, W&B-style (`just now`, `5m ago`, `3h ago`, `2d ago`), for a table cell. */
export function formatAgo(iso: string | null | undefined, now: number): string {
  const t = Date.parse(iso ?? "");
  if (Number.isNaN(t)) return "–";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  if (s < 30 * 86_400) return `${Math.round(s / 86_400)}d ago`;
  return iso!.slice(0, 10);
}
