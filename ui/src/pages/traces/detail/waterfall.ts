/** Waterfall (timeline) layout: pure math on offsets and durations relative to the trace start. */

/** Where a span's bar sits, in percent of the timeline width. */
export interface Bar {
  left: number;
  width: number;
  /** where the duration label goes: after the bar, before it (the bar ends near the right edge), or inside it (no room either side) */
  label: "after" | "before" | "inside";
}

/** Bars narrower than this (percent) are widened so that even a 1 µs span stays visible. */
export const MIN_BAR_PCT = 0.25;

/**
 * The bar of a span starting `offsetMs` after the trace start and lasting `durationMs`, on an axis
 * showing `[fromMs, toMs]` (the whole trace, or a zoomed window). Null when the span lies outside it.
 */
export function barLayout(offsetMs: number, durationMs: number, toMs: number, fromMs = 0): Bar | null {
  const total = toMs - fromMs > 0 ? toMs - fromMs : 1;
  const start = offsetMs - fromMs;
  const end = start + Math.max(0, durationMs);
  if (end < 0 || start > total) return null;
  let left = clamp((start / total) * 100, 0, 100);
  let width = clamp((end / total) * 100, 0, 100) - left;
  if (width < MIN_BAR_PCT) {
    width = MIN_BAR_PCT;
    if (left + width > 100) left = 100 - width;
  }
  const label = left + width <= 75 ? "after" : left >= 12 ? "before" : "inside";
  return { left, width, label };
}

/** The window to zoom to for a span: its extent with a little margin, inside the trace. */
export function zoomWindow(offsetMs: number, durationMs: number, axisMs: number): [number, number] {
  const pad = Math.max(durationMs * 0.05, axisMs * 0.0005, 0.001);
  return [Math.max(0, offsetMs - pad), Math.min(Math.max(axisMs, offsetMs + durationMs), offsetMs + durationMs + pad)];
}

/** A tick on the time axis. */
export interface Tick {
  ms: number;
  pct: number;
  label: string;
}

/**
 * "Nice" ticks (1, 2, 5 × 10^n ms) across `[fromMs, toMs]`, about `target` of them, each with its
 * position in percent and a label (time since the trace start) in a unit that fits the step.
 */
export function timeTicks(toMs: number, target = 6, fromMs = 0): Tick[] {
  const span = toMs - fromMs;
  if (!(span > 0)) return [{ ms: fromMs, pct: 0, label: tickLabel(fromMs, 1) }];
  const rough = span / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const ticks: Tick[] = [];
  const first = Math.ceil(fromMs / step - 1e-9);
  const last = Math.floor(toMs / step + 1e-9);
  for (let i = first; i <= last; i++) {
    const ms = i * step;
    ticks.push({ ms, pct: ((ms - fromMs) / span) * 100, label: tickLabel(ms, step) });
  }
  return ticks;
}

/** A tick label: µs, ms, s or min depending on the step, without needless decimals. */
export function tickLabel(ms: number, step: number): string {
  if (ms === 0) return "0";
  const trim = (v: number) => String(Number(v.toFixed(3)));
  if (step < 1) return `${trim(ms * 1000)}µs`;
  if (step < 1000) return `${trim(ms)}ms`;
  if (step < 60_000) return `${trim(ms / 1000)}s`;
  return `${trim(ms / 60_000)}min`;
}

/** The length of the axis: the trace duration, or the end of the latest span when it is longer (trace still arriving). */
export function axisLength(traceDurationMs: number, spans: { offsetMs: number; durationMs: number }[]): number {
  let end = traceDurationMs;
  for (const s of spans) end = Math.max(end, s.offsetMs + s.durationMs);
  return end;
}

function clamp(v: number, lo: number, hi: number) {
  return Math.min(hi, Math.max(lo, v));
}
