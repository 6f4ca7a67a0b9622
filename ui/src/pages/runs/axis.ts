/** The x axis of a metric chart: the step, the wall-clock time, or the time since the run began. */
export type XMode = "step" | "time" | "relative";

export const X_MODES: readonly { value: XMode; label: string }[] = [
  { value: "step", label: "Step" },
  { value: "time", label: "Wall time" },
  { value: "relative", label: "Relative time" },
];

export function parseXMode(raw: string | null): XMode {
  return raw === "time" || raw === "relative" ? raw : "step";
}

/** A point as the history endpoint gives it. */
export interface Point {
  step: number;
  value: number;
  time?: string | null;
}

/**
 * Chart x of a point: the step, epoch seconds (uPlot's time unit) or seconds since `startMs`.
 * Points without a usable time are left out of the time axes.
 */
export function pointsToXY(points: readonly Point[], mode: XMode, startMs: number): { xs: number[]; ys: number[] } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of points) {
    let x: number;
    if (mode === "step") x = p.step;
    else {
      const t = p.time ? Date.parse(p.time) : Number.NaN;
      if (Number.isNaN(t)) continue;
      x = mode === "time" ? t / 1000 : (t - startMs) / 1000;
    }
    xs.push(x);
    ys.push(p.value);
  }
  return { xs, ys };
}

/** The history query for a zoomed range in chart units (inclusive, as the API takes it). */
export function rangeToQuery(
  mode: XMode,
  range: readonly [number, number] | null,
  startMs: number,
): { x: "step" | "time"; from?: string; to?: string } {
  const x = mode === "step" ? "step" : "time";
  if (!range) return { x };
  const [lo, hi] = range[0] <= range[1] ? range : [range[1], range[0]];
  if (mode === "step") return { x, from: String(Math.max(0, Math.floor(lo))), to: String(Math.ceil(hi)) };
  const toMs = (v: number) => (mode === "time" ? v * 1000 : startMs + v * 1000);
  return { x, from: new Date(Math.floor(toMs(lo))).toISOString(), to: new Date(Math.ceil(toMs(hi))).toISOString() };
}

/** Points to ask for: about one per pixel of the chart, within the API's 2..100,000. */
export function pointsForWidth(width: number): number {
  if (!Number.isFinite(width) || width <= 0) return 500;
  // Round up to 100 so small resizes do not refetch.
  return Math.min(100_000, Math.max(100, Math.ceil(width / 100) * 100));
}

/** Axis label of a relative time in seconds (`45 s`, `12m`, `3h 05m`). */
export function formatRelative(seconds: number): string {
  const s = Math.round(seconds);
  if (Math.abs(s) < 60) return `${s}s`;
  if (Math.abs(s) < 3600) return `${Math.floor(s / 60)}m${s % 60 ? ` ${String(s % 60).padStart(2, "0")}s` : ""}`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}h ${String(m).padStart(2, "0")}m`;
}
