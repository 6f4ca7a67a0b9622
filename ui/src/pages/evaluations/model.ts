/**
 * View models of the evaluations API. The contract types JSON columns (`scores`, `summary`,
 * `input`, …) as any JSON value (`unknown`), since clients store what they like, so this module
 * reads them into plain typed values once, tolerating anything a client may have stored.
 */
import type { Schemas } from "../../api/client";

/** One stored row result, with its JSON fields read. */
export interface EvalRowModel {
  index: number;
  trial: number;
  rowId: string | null;
  rowDigest: string;
  input: unknown;
  output: unknown;
  scores: Record<string, number>;
  passed: Record<string, boolean>;
  reasons: Record<string, string>;
  latencyMs: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  error: string | null;
  scorerErrors: Record<string, string>;
  traceId: string | null;
}

/** The aggregate of one score, as the evaluators library stores it in the summary. */
export interface ScoreSummary {
  name: string;
  count: number;
  mean: number;
  stddev: number | null;
  passRate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  errors: number;
}

function record<T>(value: unknown, accept: (v: unknown) => v is T): Record<string, T> {
  const out: Record<string, T> = {};
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) if (accept(v)) out[k] = v;
  }
  return out;
}
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isString = (v: unknown): v is string => typeof v === "string";
const num = (v: unknown): number | null => (isNumber(v) ? v : null);

/** Reads a row of `GET /evaluations/{id}` into {@link EvalRowModel}. */
export function toRowModel(row: Schemas["RowView1"]): EvalRowModel {
  const r = row as unknown as Record<string, unknown>;
  // A boolean score (true/false) counts as 1/0 so it can be filtered, sorted and averaged.
  const scores = record(r.scores, (v): v is number | boolean => isNumber(v) || isBoolean(v));
  const numeric: Record<string, number> = {};
  for (const [k, v] of Object.entries(scores)) numeric[k] = typeof v === "boolean" ? (v ? 1 : 0) : v;
  return {
    index: num(r.index) ?? 0,
    trial: num(r.trial) ?? 0,
    rowId: isString(r.rowId) ? r.rowId : null,
    rowDigest: isString(r.rowDigest) ? r.rowDigest : "",
    input: r.input ?? null,
    output: r.output ?? null,
    scores: numeric,
    passed: record(r.passed, isBoolean),
    reasons: record(r.reasons, isString),
    latencyMs: num(r.latencyMs),
    inputTokens: num(r.inputTokens),
    outputTokens: num(r.outputTokens),
    costUsd: num(r.costUsd),
    error: isString(r.error) && r.error !== "" ? r.error : null,
    scorerErrors: record(r.scorerErrors, isString),
    traceId: isString(r.traceId) && r.traceId !== "" ? r.traceId : null,
  };
}

/** The per-score summaries of an evaluation record (score name → aggregate), in stored order. */
export function readSummary(summary: unknown): ScoreSummary[] {
  const out: ScoreSummary[] = [];
  if (!summary || typeof summary !== "object" || Array.isArray(summary)) return out;
  for (const [name, raw] of Object.entries(summary as Record<string, unknown>)) {
    if (!raw || typeof raw !== "object") continue;
    const s = raw as Record<string, unknown>;
    const mean = num(s.mean);
    if (mean === null) continue;
    out.push({
      name,
      count: num(s.count) ?? 0,
      mean,
      stddev: num(s.stddev),
      passRate: num(s.passRate),
      ciLow: num(s.ciLow),
      ciHigh: num(s.ciHigh),
      errors: num(s.errors) ?? 0,
    });
  }
  return out;
}

/**
 * Summaries computed from the rows, for evaluations stored without one (no interval: the
 * library's bootstrap is not repeated here).
 */
export function summariseRows(rows: EvalRowModel[]): ScoreSummary[] {
  const names = scoreNames(rows);
  return names.map((name) => {
    let sum = 0;
    let count = 0;
    let passes = 0;
    let judged = 0;
    for (const r of rows) {
      const v = r.scores[name];
      if (v !== undefined) {
        sum += v;
        count++;
      }
      const p = r.passed[name];
      if (p !== undefined) {
        judged++;
        if (p) passes++;
      }
    }
    return {
      name,
      count,
      mean: count ? sum / count : NaN,
      stddev: null,
      passRate: judged ? passes / judged : null,
      ciLow: null,
      ciHigh: null,
      errors: rows.length - count,
    };
  });
}

/** Every score name that appears in the rows, in first-seen order. */
export function scoreNames(rows: EvalRowModel[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r.scores)) seen.add(k);
  return [...seen];
}

/**
 * Score names in a stable order: those named like a scorer of the evaluation first (in the
 * scorers' order), the rest alphabetically. (The stored summary is JSONB, which reorders keys.)
 */
export function orderScores(names: Iterable<string>, scorers: string[] = []): string[] {
  const unique = [...new Set(names)];
  const rank = (n: string) => {
    const i = scorers.indexOf(n);
    return i < 0 ? scorers.length : i;
  };
  return unique.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Fields that usually hold the expected answer of a dataset row, most specific first. */
export const EXPECTED_FIELDS = ["expected", "expected_output", "expectedOutput", "reference", "answer", "label", "target", "ground_truth"];

/**
 * Splits a row's input into what the model saw and the expected answer, for display: the first
 * {@link EXPECTED_FIELDS} present is the expected value; the rest (without `id`) is the input. A
 * row with a single `input`/`question` field shows just that value.
 */
export function splitInput(input: unknown): { input: unknown; expected: unknown; expectedField: string | null } {
  if (!input || typeof input !== "object" || Array.isArray(input)) return { input, expected: undefined, expectedField: null };
  const obj = input as Record<string, unknown>;
  const expectedField = EXPECTED_FIELDS.find((f) => f in obj) ?? null;
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (k !== expectedField && k !== "id") rest[k] = v;
  const keys = Object.keys(rest);
  let shown: unknown = rest;
  if (keys.length === 1 && (keys[0] === "input" || keys[0] === "question")) shown = rest[keys[0]];
  else if ("input" in rest) shown = rest.input;
  // {"question": "…"} reads better as the question itself
  if (shown && typeof shown === "object" && !Array.isArray(shown)) {
    const inner = Object.entries(shown as Record<string, unknown>);
    if (inner.length === 1 && typeof inner[0][1] === "string") shown = inner[0][1];
  }
  return { input: shown, expected: expectedField ? obj[expectedField] : undefined, expectedField };
}

/** Short form of a dataset version digest for display. */
export function shortDigest(digest: string | null | undefined): string {
  if (!digest) return "–";
  return /^[0-9a-f]{64}$/.test(digest) ? digest.slice(0, 8) : digest;
}
