/**
 * Filtering, searching and sorting the rows of an evaluation, and the URL form of those choices
 * (`?q=&status=&where=token_f1<0.5&sort=score:token_f1&order=asc`), so a filtered view is a link.
 */
import type { EvalRowModel } from "./model";

export type Op = "<" | "<=" | ">" | ">=" | "=" | "!=";
export const OPS: Op[] = ["<", "<=", ">", ">=", "=", "!="];

/** One condition on a score, e.g. `token_f1 < 0.5`. A row without the score never matches. */
export interface ScoreCondition {
  score: string;
  op: Op;
  value: number;
}

/** `all`; `failed`: any pass/fail false or an error; `passed`: no failure; `errors`: model or scorer errors. */
export type Status = "all" | "failed" | "passed" | "errors";
export const STATUSES: Status[] = ["all", "failed", "passed", "errors"];

/** `index`, `latency`, or `score:<name>`. */
export type SortKey = string;

export interface RowFilter {
  q: string;
  status: Status;
  where: ScoreCondition[];
  sort: SortKey;
  order: "asc" | "desc";
}

export const DEFAULT_FILTER: RowFilter = { q: "", status: "all", where: [], sort: "index", order: "asc" };

const CONDITION = /^\s*([^<>=!\s]+)\s*(<=|>=|!=|<|>|=)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?)\s*$/i;

/** Parses `token_f1<0.5`; null when it is not a condition. */
export function parseCondition(text: string): ScoreCondition | null {
  const m = CONDITION.exec(text);
  if (!m) return null;
  return { score: m[1], op: m[2] as Op, value: Number(m[3]) };
}

export function conditionToString(c: ScoreCondition): string {
  return `${c.score}${c.op}${c.value}`;
}

/** Reads the filter from the URL; unknown values fall back to the defaults. */
export function filterFromParams(params: URLSearchParams): RowFilter {
  const status = params.get("status") as Status | null;
  const order = params.get("order");
  return {
    q: params.get("q") ?? "",
    status: status && STATUSES.includes(status) ? status : "all",
    where: params.getAll("where").map(parseCondition).filter((c): c is ScoreCondition => c !== null),
    sort: params.get("sort") || "index",
    order: order === "desc" ? "desc" : "asc",
  };
}

/** Writes the filter into `params` (keeping unrelated parameters), leaving defaults out. */
export function filterToParams(filter: RowFilter, params = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of ["q", "status", "where", "sort", "order"]) next.delete(k);
  if (filter.q) next.set("q", filter.q);
  if (filter.status !== "all") next.set("status", filter.status);
  for (const c of filter.where) next.append("where", conditionToString(c));
  if (filter.sort !== "index") next.set("sort", filter.sort);
  if (filter.order !== "asc") next.set("order", filter.order);
  return next;
}

function compare(a: number, op: Op, b: number): boolean {
  switch (op) {
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "=":
      return a === b;
    case "!=":
      return a !== b;
  }
}

export function hasError(r: EvalRowModel): boolean {
  return r.error !== null || Object.keys(r.scorerErrors).length > 0;
}

export function isFailed(r: EvalRowModel): boolean {
  return hasError(r) || Object.values(r.passed).some((p) => p === false);
}

const searchText = new WeakMap<EvalRowModel, string>();

/** The lower-case text a search looks in: id, input, output, errors and reasons (cached per row). */
export function rowText(r: EvalRowModel): string {
  let text = searchText.get(r);
  if (text === undefined) {
    text = [r.rowId ?? "", JSON.stringify(r.input) ?? "", typeof r.output === "string" ? r.output : JSON.stringify(r.output) ?? "", r.error ?? "", Object.values(r.reasons).join("\n"), Object.values(r.scorerErrors).join("\n")]
      .join("\n")
      .toLowerCase();
    searchText.set(r, text);
  }
  return text;
}

/** Whether a row passes the filter's search, status and score conditions. */
export function matches(r: EvalRowModel, f: RowFilter): boolean {
  if (f.status === "errors" && !hasError(r)) return false;
  if (f.status === "failed" && !isFailed(r)) return false;
  if (f.status === "passed" && isFailed(r)) return false;
  for (const c of f.where) {
    const v = r.scores[c.score];
    if (v === undefined || !compare(v, c.op, c.value)) return false;
  }
  if (f.q) {
    const text = rowText(r);
    // every word must appear, in any order
    for (const word of f.q.toLowerCase().split(/\s+/)) if (word && !text.includes(word)) return false;
  }
  return true;
}

function sortValue(r: EvalRowModel, key: SortKey): number | undefined {
  if (key === "index") return r.index * 1e6 + r.trial;
  if (key === "latency") return r.latencyMs ?? undefined;
  if (key === "cost") return r.costUsd ?? undefined;
  if (key.startsWith("score:")) return r.scores[key.slice(6)];
  return undefined;
}

/**
 * The rows that match, sorted. Rows without the sort value (a score that errored) go last in
 * either order; ties keep dataset order.
 */
export function applyFilter(rows: EvalRowModel[], f: RowFilter): EvalRowModel[] {
  const kept = rows.filter((r) => matches(r, f));
  const dir = f.order === "desc" ? -1 : 1;
  const keyed = kept.map((r) => ({ r, v: sortValue(r, f.sort), i: r.index * 1e6 + r.trial }));
  keyed.sort((a, b) => {
    if (a.v === undefined && b.v === undefined) return a.i - b.i;
    if (a.v === undefined) return 1;
    if (b.v === undefined) return -1;
    return (a.v - b.v) * dir || a.i - b.i;
  });
  return keyed.map((k) => k.r);
}

/** Whether the filter narrows the rows at all (for the "clear filters" button and the count). */
export function isFiltering(f: RowFilter): boolean {
  return f.q !== "" || f.status !== "all" || f.where.length > 0;
}
