import { emaSmooth } from "./smoothing";

/** Colours of lines, one per run (W&B-like, readable on white). */
export const PALETTE = [
  "#4f46e5", "#e8590c", "#0ca678", "#d6336c", "#1c7ed6", "#f59f00",
  "#7048e8", "#2b8a3e", "#c92a2a", "#0b7285", "#862e9c", "#5c940d",
] as const;

export function colorFor(index: number): string {
  return PALETTE[((index % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** One line of a chart on the chart's shared x values. */
export interface ChartLine {
  label: string;
  color: string;
  values: readonly (number | null)[];
}

/** A series as the chart draws it: smoothed lines over faint raw ones when smoothing is on. */
export interface DrawnSeries {
  label: string;
  stroke: string;
  width: number;
  /** A faint raw line under its smoothed twin: hidden from the legend. */
  faint: boolean;
  values: (number | null)[];
}

/** Adds alpha to a `#rrggbb` colour. */
export function withAlpha(color: string, alpha: number): string {
  const a = Math.round(Math.min(Math.max(alpha, 0), 1) * 255)
    .toString(16)
    .padStart(2, "0");
  return /^#[0-9a-f]{6}$/i.test(color) ? color + a : color;
}

/**
 * What the chart draws for `lines` at a smoothing weight: without smoothing the lines as they
 * are; with smoothing first every raw line faint (context for spikes, like W&B), then the
 * smoothed lines on top, which carry the legend.
 */
export function drawnSeries(lines: readonly ChartLine[], smoothing: number): DrawnSeries[] {
  if (!(smoothing > 0)) {
    return lines.map((l) => ({ label: l.label, stroke: l.color, width: 1.5, faint: false, values: l.values.slice() }));
  }
  return [
    ...lines.map((l) => ({ label: `${l.label} (raw)`, stroke: withAlpha(l.color, 0.25), width: 1, faint: true, values: l.values.slice() })),
    ...lines.map((l) => ({ label: l.label, stroke: l.color, width: 1.75, faint: false, values: emaSmooth(l.values, smoothing) })),
  ];
}

/**
 * A tick label with as many decimals as the tick spacing needs (`0.0003`, not `0`), thousands
 * separators for large values and exponents for very small or very large ones.
 */
export function formatTick(value: number, increment: number): string {
  if (!Number.isFinite(value)) return "";
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e9 || (abs < 1e-4 && increment < 1e-4)) return Number(value.toPrecision(3)).toExponential();
  let decimals = 0;
  if (increment > 0 && Number.isFinite(increment)) {
    while (decimals < 10) {
      const scaled = increment * 10 ** decimals;
      if (Math.abs(Math.round(scaled) - scaled) < 1e-6 * scaled) break;
      decimals++;
    }
  } else decimals = 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** Values for a log-scale axis: zero and negative values cannot be drawn there and become gaps. */
export function forLogScale(values: readonly (number | null)[]): (number | null)[] {
  return values.map((v) => (v != null && v > 0 ? v : null));
}

/**
 * The value shown for a line at index `idx` of the shared x values: its own point, else its
 * nearest point (lines of different runs rarely share x values once downsampled, and a hover
 * legend full of gaps says nothing). Ties go to the earlier point; null when the line is empty.
 */
export function nearestValue(values: ArrayLike<number | null | undefined>, idx: number): number | null {
  if (idx < 0 || idx >= values.length) return null;
  for (let d = 0; d < values.length; d++) {
    const before = values[idx - d];
    if (idx - d >= 0 && before != null) return before;
    const after = values[idx + d];
    if (idx + d < values.length && after != null) return after;
    if (idx - d < 0 && idx + d >= values.length) break;
  }
  return null;
}

/**
 * Log-axis ticks worth labelling: 1, 2 and 5 times a power of ten, or only powers of ten when the
 * axis spans more than `maxDecadesForMinor` decades (labels would crowd otherwise).
 */
export function isNiceLogTick(v: number, spanDecades = 0, maxDecadesForMinor = 2): boolean {
  if (!(v > 0)) return false;
  const mantissa = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  const keep = spanDecades > maxDecadesForMinor ? [1] : [1, 2, 5];
  return keep.some((m) => Math.abs(mantissa - m) < 1e-6);
}
