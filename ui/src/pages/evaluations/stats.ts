/** Formatting of scores, confidence intervals and comparison verdicts (pure, unit-tested). */

/** A score value: three decimals for 0–1 style scores, fewer digits for large ones. */
export function formatScore(v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return "–";
  if (Number.isInteger(v) && Math.abs(v) >= 10) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(1);
  return v.toFixed(3);
}

/** A signed difference: `+0.125`, `−0.040`, `±0.000`. */
export function formatDelta(v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return "–";
  const s = formatScore(Math.abs(v));
  if (Number(s) === 0) return `±${s}`;
  return v > 0 ? `+${s}` : `−${s}`;
}

/** A rate as a percentage with one decimal when needed: `83.3%`, `100%`. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate == null || Number.isNaN(rate)) return "–";
  const p = rate * 100;
  return `${Number.isInteger(Math.round(p * 10) / 10) ? Math.round(p) : p.toFixed(1)}%`;
}

/**
 * A mean with its confidence interval, always in one form so rows compare at a glance:
 * `0.812 [0.770, 0.900]` (bootstrap intervals are often skewed, e.g. clipped at 0 or 1); no
 * interval gives just the mean.
 */
export function formatCI(mean: number | null | undefined, lo: number | null | undefined, hi: number | null | undefined): string {
  if (mean == null || Number.isNaN(mean)) return "–";
  if (lo == null || hi == null || Number.isNaN(lo) || Number.isNaN(hi)) return formatScore(mean);
  return `${formatScore(mean)} [${formatScore(lo)}, ${formatScore(hi)}]`;
}

/** A two-sided p-value: `p = 0.031`, `p < 0.001`. */
export function formatP(p: number | null | undefined): string {
  if (p == null || Number.isNaN(p)) return "p –";
  if (p < 0.001) return "p < 0.001";
  return `p = ${p.toFixed(3)}`;
}

/** Where to draw a mean and its interval on a bar over `[min, max]`, in percent of its width. */
export function ciBar(
  mean: number,
  lo: number | null | undefined,
  hi: number | null | undefined,
  min = 0,
  max = 1,
): { mean: number; lo: number; hi: number } {
  const span = max - min || 1;
  const pos = (v: number) => Math.min(100, Math.max(0, ((v - min) / span) * 100));
  return { mean: pos(mean), lo: pos(lo ?? mean), hi: pos(hi ?? mean) };
}

/** The range a score's bar spans: 0–1 for the usual scores, wider when values leave it. */
export function scoreDomain(values: (number | null | undefined)[]): [number, number] {
  let min = 0;
  let max = 1;
  for (const v of values) {
    if (v == null || Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** How a candidate compares with its base on one score. */
export type Verdict = "better" | "worse" | "no-difference";

/**
 * The verdict for one score of a comparison: better or worse only when the paired bootstrap
 * interval of the mean difference excludes 0 (the server's `significant`); scores are taken as
 * higher-is-better unless `higherIsBetter` is false.
 */
export function verdict(
  c: { meanDelta?: number | null; ciLow?: number | null; ciHigh?: number | null; significant?: boolean | null },
  higherIsBetter = true,
): Verdict {
  const lo = c.ciLow;
  const hi = c.ciHigh;
  const significant =
    c.significant ?? (lo != null && hi != null && !Number.isNaN(lo) && !Number.isNaN(hi) && (lo > 0 || hi < 0));
  const delta = c.meanDelta ?? 0;
  if (!significant || delta === 0 || Number.isNaN(delta)) return "no-difference";
  return delta > 0 === higherIsBetter ? "better" : "worse";
}

/** The words shown for a verdict. */
export function verdictLabel(v: Verdict): string {
  return v === "better" ? "better" : v === "worse" ? "worse" : "no significant difference";
}

/** One bar of a score histogram: values in `[lo, hi)` (the last bar includes `hi`). */
export interface Bin {
  lo: number;
  hi: number;
  count: number;
}

/**
 * Counts values into `bins` equal bars over `[min, max]` (0–1 unless values leave it). Scores with
 * only two distinct values (pass/fail as 0/1) get just those two bars.
 */
export function histogram(values: number[], bins = 10): Bin[] {
  if (values.length === 0) return [];
  const distinct = new Set(values);
  if (distinct.size <= 2 && [...distinct].every((v) => v === 0 || v === 1)) {
    return [
      { lo: 0, hi: 0, count: values.filter((v) => v === 0).length },
      { lo: 1, hi: 1, count: values.filter((v) => v === 1).length },
    ];
  }
  const [min, max] = scoreDomain(values);
  const width = (max - min) / bins;
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ lo: min + i * width, hi: min + (i + 1) * width, count: 0 }));
  for (const v of values) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
    out[i].count++;
  }
  return out;
}
