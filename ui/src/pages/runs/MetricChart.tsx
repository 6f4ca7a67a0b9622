import { useEffect, useMemo, useRef, useState } from "react";
import { keepPreviousData, useQueries } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { LineChart, type XKind } from "../../components/charts/LineChart";
import { alignSeries } from "../../components/charts/align";
import { formatTime } from "../../components/format";
import { formatRelative, pointsForWidth, pointsToXY, rangeToQuery, type XMode } from "./axis";
import { useInView } from "./parts";

/** A run drawn on a metric chart. */
export interface ChartRun {
  id: string;
  label: string;
  color: string;
  /** Start of the run in epoch ms, the origin of the relative time axis. */
  startMs: number;
}

const X_KIND: Record<XMode, XKind> = { step: "number", time: "time", relative: "duration" };

/**
 * One metric key of one or more runs. Asks the API for about one point per pixel of the chart
 * (the server keeps each bucket's min and max, so spikes survive); a drag selection fetches
 * that range again at full resolution, double-click or "Reset zoom" goes back.
 */
export function MetricChart({
  metricKey,
  runs,
  xMode,
  smoothing,
  logY = false,
  live = false,
}: {
  metricKey: string;
  runs: readonly ChartRun[];
  xMode: XMode;
  smoothing: number;
  logY?: boolean;
  /** A run is still logging: poll for new points (not while zoomed, so a zoom stays put). */
  live?: boolean;
}) {
  const { project, api } = useProjectApi();
  const box = useRef<HTMLDivElement>(null);
  const visible = useInView(box);
  const [width, setWidth] = useState(0);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const [wide, setWide] = useState(false);
  useEffect(() => setZoom(null), [xMode]);
  const maxPoints = pointsForWidth(width);

  const results = useQueries({
    queries: runs.map((run) => {
      const range = rangeToQuery(xMode, zoom, run.startMs);
      return {
        queryKey: [project, "runs", run.id, "metric", metricKey, range, maxPoints],
        queryFn: () =>
          unwrap(
            api.GET("/api/v1/projects/{project}/runs/{id}/metrics/{key}", {
              params: { path: { project, id: run.id, key: metricKey }, query: { ...range, maxPoints } },
            }),
          ),
        enabled: visible && width > 0,
        placeholderData: keepPreviousData,
        staleTime: 10_000,
        refetchInterval: live && !zoom ? 15_000 : (false as const),
      };
    }),
  });

  const aligned = useMemo(
    () =>
      alignSeries(
        runs.map((run, i) => {
          const points = results[i]?.data?.points ?? [];
          return pointsToXY(points, xMode, run.startMs);
        }),
      ),
    // results change identity every render; their data is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [runs, xMode, ...results.map((r) => r.data)],
  );
  const lines = useMemo(
    () => runs.map((run, i) => ({ label: runs.length > 1 ? run.label : metricKey, color: run.color, values: aligned.ys[i] })),
    [runs, aligned, metricKey],
  );

  // First load or a new range (zoom, width): say so. A live poll refreshing in place does not.
  const loading = results.some((r) => (r.isPending && r.fetchStatus !== "idle") || (r.isPlaceholderData && r.isFetching));
  const error = results.find((r) => r.isError)?.error;
  const counts = results.map((r) => r.data).filter((d) => d != null);
  const total = counts.reduce((n, d) => n + (d.count ?? 0), 0);
  const shown = counts.reduce((n, d) => n + (d.points?.length ?? 0), 0);
  const downsampled = counts.some((d) => d.downsampled);
  const empty = counts.length === runs.length && shown === 0;

  return (
    <section className={`card metric-chart${wide ? " wide" : ""}`} data-testid="metric-chart" data-key={metricKey} ref={box}>
      <header>
        <h3 title={metricKey}>{metricKey}</h3>
        <span className="muted small">
          {loading ? "loading…" : downsampled ? `${shown.toLocaleString()} of ${total.toLocaleString()} points (min/max per bucket)` : counts.length ? `${total.toLocaleString()} points` : ""}
        </span>
        {zoom && (
          <button type="button" className="small" onClick={() => setZoom(null)}>
            Reset zoom
          </button>
        )}
        <button type="button" className="small" aria-pressed={wide} title={wide ? "Back to the grid" : "Full width"} onClick={() => setWide(!wide)}>
          {wide ? "⤡" : "⤢"}
        </button>
      </header>
      {error ? (
        <p className="form-error small">{(error as Error).message}</p>
      ) : empty && !zoom ? (
        <p className="muted small">No points{xMode !== "step" ? " with a time" : ""}.</p>
      ) : null}
      {/* Off-screen charts stay placeholders: a page of 200 keys must not build 200 plots up front. */}
      {!visible ? (
        <div className="line-chart placeholder" />
      ) : (
        <LineChart
          xs={aligned.xs}
          lines={lines}
          xKind={X_KIND[xMode]}
          smoothing={smoothing}
          logY={logY}
          zoom={zoom}
          onZoom={setZoom}
          onWidth={setWidth}
          formatX={xMode === "relative" ? formatRelative : xMode === "time" ? (v) => formatTime(new Date(v * 1000).toISOString()) : (v) => v.toLocaleString()}
          height={wide ? 380 : 200}
        />
      )}
    </section>
  );
}
