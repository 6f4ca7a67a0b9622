/**
 * Pairs the rows of two evaluations for the comparison table: rows match by content digest (as
 * the server's comparison does), trials are averaged, and each pair is classified by the change of
 * one score (or a new / fixed model error).
 */
import type { EvalRowModel } from "./model";

/** One side of a pair: the row's trials folded together. */
export interface Side {
  scores: Record<string, number>;
  output: unknown;
  error: string | null;
  traceId: string | null;
  index: number;
  trials: number;
}

export type Change = "regressed" | "improved" | "unchanged" | "only-base" | "only-candidate";

export interface PairedRow {
  digest: string;
  rowId: string | null;
  input: unknown;
  base: Side | null;
  candidate: Side | null;
  /** candidate − base of the chosen score; null when either side lacks it */
  delta: number | null;
  change: Change;
}

/** Folds the trials of each row (by digest) into one {@link Side}; scores are averaged. */
export function foldTrials(rows: EvalRowModel[]): Map<string, { side: Side; rowId: string | null; input: unknown }> {
  const groups = new Map<string, EvalRowModel[]>();
  for (const r of rows) {
    const key = r.rowDigest || `index:${r.index}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const out = new Map<string, { side: Side; rowId: string | null; input: unknown }>();
  for (const [digest, g] of groups) {
    const sums: Record<string, { sum: number; n: number }> = {};
    for (const r of g) {
      for (const [k, v] of Object.entries(r.scores)) {
        const s = (sums[k] ??= { sum: 0, n: 0 });
        s.sum += v;
        s.n++;
      }
    }
    const scores: Record<string, number> = {};
    for (const [k, s] of Object.entries(sums)) scores[k] = s.sum / s.n;
    const first = g[0];
    out.set(digest, {
      rowId: first.rowId,
      input: first.input,
      side: {
        scores,
        output: first.output,
        error: g.find((r) => r.error !== null)?.error ?? null,
        traceId: g.find((r) => r.traceId !== null)?.traceId ?? null,
        index: first.index,
        trials: g.length,
      },
    });
  }
  return out;
}

const EPSILON = 1e-9;

/**
 * Pairs base and candidate rows and classifies each by `score`: a higher candidate value is an
 * improvement (scores are higher-is-better), a model error that appears is a regression and one
 * that disappears an improvement. Sorted by the size of the change, largest first.
 */
export function pairRows(base: EvalRowModel[], candidate: EvalRowModel[], score: string): PairedRow[] {
  const b = foldTrials(base);
  const c = foldTrials(candidate);
  const out: PairedRow[] = [];
  for (const [digest, bs] of b) {
    const cs = c.get(digest);
    if (!cs) {
      out.push({ digest, rowId: bs.rowId, input: bs.input, base: bs.side, candidate: null, delta: null, change: "only-base" });
      continue;
    }
    const bv = bs.side.scores[score];
    const cv = cs.side.scores[score];
    const delta = bv !== undefined && cv !== undefined ? cv - bv : null;
    let change: Change = "unchanged";
    if (cs.side.error && !bs.side.error) change = "regressed";
    else if (bs.side.error && !cs.side.error) change = "improved";
    else if (delta !== null && delta > EPSILON) change = "improved";
    else if (delta !== null && delta < -EPSILON) change = "regressed";
    out.push({ digest, rowId: bs.rowId ?? cs.rowId, input: bs.input, base: bs.side, candidate: cs.side, delta, change });
  }
  for (const [digest, cs] of c) {
    if (!b.has(digest)) {
      out.push({ digest, rowId: cs.rowId, input: cs.input, base: null, candidate: cs.side, delta: null, change: "only-candidate" });
    }
  }
  const weight = (p: PairedRow) => {
    if (p.delta !== null) return Math.abs(p.delta);
    // a new or fixed error counts as the largest change; one-sided rows come last
    if (p.change === "regressed" || p.change === "improved") return Number.MAX_VALUE;
    return -1;
  };
  out.sort((x, y) => weight(y) - weight(x) || (x.base?.index ?? x.candidate?.index ?? 0) - (y.base?.index ?? y.candidate?.index ?? 0));
  return out;
}

export type ChangeFilter = "all" | "regressions" | "improvements" | "changed";
export const CHANGE_FILTERS: ChangeFilter[] = ["all", "regressions", "improvements", "changed"];

export function filterPairs(pairs: PairedRow[], f: ChangeFilter): PairedRow[] {
  switch (f) {
    case "regressions":
      return pairs.filter((p) => p.change === "regressed");
    case "improvements":
      return pairs.filter((p) => p.change === "improved");
    case "changed":
      return pairs.filter((p) => p.change === "regressed" || p.change === "improved");
    default:
      return pairs;
  }
}

/** Counts per kind of change, for the filter buttons. */
export function countChanges(pairs: PairedRow[]): Record<Change, number> {
  const counts: Record<Change, number> = { regressed: 0, improved: 0, unchanged: 0, "only-base": 0, "only-candidate": 0 };
  for (const p of pairs) counts[p.change]++;
  return counts;
}
