import { useEffect, useMemo, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { drawnSeries, formatTick, forLogScale, isNiceLogTick, nearestValue, type ChartLine } from "./chartData";

/** Tick spacings of a seconds axis that read well as durations (1 s … 1 week). */
const DURATION_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/** Keeps the readable splits of a log axis (labels, grid lines and ticks alike). */
function logFilter(_u: uPlot, splits: number[]): (number | null)[] {
  const positive = splits.filter((v) => v > 0);
  const span = positive.length ? Math.log10(Math.max(...positive) / Math.min(...positive)) : 0;
  return splits.map((v) => (isNiceLogTick(v, span) ? v : null));
}

/** How x values are shown: plain numbers (steps), epoch seconds, or seconds since the start. */
export type XKind = "number" | "time" | "duration";

export interface LineChartProps {
  xs: readonly number[];
  lines: readonly ChartLine[];
  xKind: XKind;
  /** Log-scale y axis (values ≤ 0 become gaps). */
  logY?: boolean;
  /** EMA weight 0..0.999; 0 draws the raw lines. */
  smoothing?: number;
  height?: number;
  /** The visible x range; null fits the data. */
  zoom?: readonly [number, number] | null;
  /** Called with the x range of a drag selection, or null on double-click (reset). */
  onZoom?: (range: [number, number] | null) => void;
  /** Called with the drawing width in pixels (to ask the API for about as many points). */
  onWidth?: (width: number) => void;
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
}

/**
 * A uPlot line chart that follows its container's width. Drag to select an x range (reported
 * through `onZoom`, so the owner can fetch that range at full resolution), double-click to reset.
 */
export function LineChart({ xs, lines, xKind, logY = false, smoothing = 0, height = 220, zoom, onZoom, onWidth, formatX, formatY }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(0);
  const callbacks = useRef({ onZoom, onWidth });
  callbacks.current = { onZoom, onWidth };

  const series = useMemo(() => drawnSeries(lines, smoothing), [lines, smoothing]);
  const data = useMemo(
    () => [xs.slice(), ...series.map((s) => (logY ? forLogScale(s.values) : s.values))] as uPlot.AlignedData,
    [xs, series, logY],
  );
  // Rebuild the plot only when what is drawn changes shape; new data alone goes through setData.
  const shape = JSON.stringify([xKind, logY, height, series.map((s) => [s.label, s.stroke, s.width, s.faint])]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(200, Math.floor(el.clientWidth)));
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (width > 0) callbacks.current.onWidth?.(width);
  }, [width]);

  useEffect(() => {
    const el = box.current;
    if (!el || width === 0) return;
    const fmtX = formatX ?? ((v: number) => String(v));
    const opts: uPlot.Options = {
      width,
      height,
      legend: { live: true },
      // Charts with the same x axis share the hover cursor, like W&B's panels.
      cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 5 }, sync: { key: `weft-${xKind}` } },
      scales: { x: { time: xKind === "time" }, ...(logY ? { y: { distr: 3 } } : {}) },
      axes: [
        {
          stroke: "#6b7080",
          grid: { stroke: "#eceef3" },
          ticks: { stroke: "#e2e3e7" },
          ...(xKind === "duration" ? { incrs: DURATION_INCRS, values: (_u: uPlot, splits: number[]) => splits.map(fmtX) } : {}),
          ...(xKind === "number" ? { values: (_u: uPlot, splits: number[], _a: number, _s: number, incr: number) => splits.map((v) => formatTick(v, incr)) } : {}),
        },
        {
          stroke: "#6b7080",
          grid: { stroke: "#eceef3" },
          ticks: { stroke: "#e2e3e7" },
          // Wide enough for the longest tick label (uPlot would clip "0.00075" to ".00075").
          size: (_u: uPlot, values: string[]) => (values?.length ? Math.max(...values.map((v) => v.length)) * 7 + 20 : 50),
          values: (_u: uPlot, splits: number[], _a: number, _s: number, incr: number) =>
            splits.map((v) => (v == null ? "" : formatY ? formatY(v) : logY ? String(Number(v.toPrecision(2))) : formatTick(v, incr))),
          // A log axis splits at 1..9 × 10^k: keep 1, 2, 5 so labels and grid stay readable.
          ...(logY ? { filter: logFilter, grid: { stroke: "#eceef3", filter: logFilter }, ticks: { stroke: "#e2e3e7", filter: logFilter } } : {}),
        },
      ],
      series: [
        { label: xKind === "number" ? "step" : "time", value: (_u, v) => (v == null ? "–" : xKind === "time" ? new Date(v * 1000).toLocaleString() : fmtX(v)) },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.stroke,
          width: s.width,
          spanGaps: true,
          points: { show: false },
          value: (u: uPlot, raw: number | null, si: number, idx: number | null) => {
            const v = raw ?? (idx == null ? null : nearestValue(u.data[si] as (number | null)[], idx));
            return v == null ? "–" : formatY ? formatY(v) : String(Number(v.toPrecision(5)));
          },
        })),
      ],
      hooks: {
        setSelect: [
          (u) => {
            const { left, width: w } = u.select;
            if (w < 3) return;
            const lo = u.posToVal(left, "x");
            const hi = u.posToVal(left + w, "x");
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            callbacks.current.onZoom?.([lo, hi]);
          },
        ],
      },
    };
    const u = new uPlot(opts, data, el);
    // Faint raw lines stay out of the legend: their smoothed twins carry it.
    const rows = u.root.querySelectorAll<HTMLElement>(".u-legend .u-series");
    series.forEach((s, i) => {
      if (s.faint && rows[i + 1]) rows[i + 1].style.display = "none";
    });
    const reset = () => callbacks.current.onZoom?.(null);
    u.over.addEventListener("dblclick", reset);
    plot.current = u;
    return () => {
      u.over.removeEventListener("dblclick", reset);
      u.destroy();
      plot.current = null;
    };
    // data is applied by the effect below; formatters are stable per chart.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, width]);

  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    u.setData(data, !zoom);
    if (zoom) u.setScale("x", { min: Math.min(zoom[0], zoom[1]), max: Math.max(zoom[0], zoom[1]) });
  }, [data, zoom, shape, width]);

  return <div ref={box} className="line-chart" />;
}
