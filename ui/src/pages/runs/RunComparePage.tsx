import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useQueries, useQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDuration } from "../../components/format";
import { colorFor } from "../../components/charts/chartData";
import { configDiff } from "./configDiff";
import { formatValue } from "./flatten";
import { MetricChart, type ChartRun } from "./MetricChart";
import { ChartControls, groupKeys, isSystemKey, KeySearch, matchesSearch, RunStateBadge, useChartSettings } from "./parts";
import { runDurationMs } from "./runsView";

type Run = Schemas["RunView"];

/** Runs side by side: overlaid charts of the metrics they share and a config diff. */
export function RunComparePage() {
  const { project, api } = useProjectApi();
  const [params] = useSearchParams();
  const ids = useMemo(
    () => [...new Set((params.get("ids") ?? "").split(",").map((s) => s.trim()).filter(Boolean))],
    [params],
  );
  const comparison = useQuery({
    queryKey: [project, "runs", "compare", ids],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/runs/compare", { params: { path: { project }, query: { ids: ids.join(",") } } })),
    enabled: ids.length >= 1,
  });
  const back = <Link to={`/p/${encodeURIComponent(project)}/runs`}>← Back to runs</Link>;
  if (ids.length < 2) {
    return (
      <Empty title="Pick two or more runs to compare">
        Select runs with the checkboxes in the runs table, then press Compare. {back}
      </Empty>
    );
  }
  if (comparison.isPending) return <Loading label="Loading runs…" />;
  if (comparison.isError) {
    return (
      <>
        <ErrorState error={comparison.error} retry={() => void comparison.refetch()} />
        <p>{back}</p>
      </>
    );
  }
  return <Comparison runs={comparison.data.runs ?? []} />;
}

function Comparison({ runs }: { runs: Run[] }) {
  const { project, api } = useProjectApi();
  const settings = useChartSettings();
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const keyLists = useQueries({
    queries: runs.map((r) => ({
      queryKey: [project, "runs", r.id, "metric-keys"],
      queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/runs/{id}/metrics", { params: { path: { project, id: r.id } } })),
    })),
  });
  const chartRuns: ChartRun[] = useMemo(
    () => runs.map((r, i) => ({ id: r.id, label: r.name || r.id, color: colorFor(i), startMs: Date.parse(r.startedAt ?? r.createdAt ?? "") || 0 })),
    [runs],
  );
  const loaded = keyLists.every((k) => k.data);
  const live = runs.some((r) => r.state === "running");
  const { shared, notShared } = useMemo(() => {
    if (!loaded) return { shared: [] as string[], notShared: 0 };
    const sets = keyLists.map((k) => new Set((k.data ?? []).map((m) => m.key)));
    const union = new Set(sets.flatMap((s) => [...s]));
    const both = [...union].filter((k) => sets.every((s) => s.has(k))).sort();
    return { shared: both, notShared: union.size - both.length };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, ...keyLists.map((k) => k.data)]);
  const allKeys = params.get("keys") === "all";
  const union = useMemo(
    () => [...new Set(keyLists.flatMap((k) => (k.data ?? []).map((m) => m.key)))].sort(),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [...keyLists.map((k) => k.data)],
  );
  const shown = (allKeys ? union : shared).filter((k) => matchesSearch(k, search));
  const groups = groupKeys(shown.filter((k) => !isSystemKey(k)));
  const system = shown.filter(isSystemKey);
  const keyError = keyLists.find((k) => k.isError)?.error;

  return (
    <div className="compare-page">
      <div className="crumbs">
        <Link to={`/p/${encodeURIComponent(project)}/runs`}>Runs</Link> /
      </div>
      <h1>Compare {runs.length} runs</h1>
      <div className="compare-legend">
        {runs.map((r, i) => (
          <span key={r.id} className="legend-item">
            <span className="swatch" style={{ background: colorFor(i) }} />
            <Link to={`/p/${encodeURIComponent(project)}/runs/${encodeURIComponent(r.id)}`}>{r.name || r.id}</Link>
            <RunStateBadge state={r.state} />
            <span className="muted small">{formatDuration(runDurationMs(r, Date.now()))}</span>
          </span>
        ))}
      </div>

      <h2>Config</h2>
      <ConfigDiffTable runs={runs} />
      <h2>Summary</h2>
      <ConfigDiffTable runs={runs} field="summary" />

      <h2>
        Metrics{" "}
        <span className="muted small">
          {shared.length} shared{notShared > 0 ? `, ${notShared} logged by only some of the runs` : ""}
        </span>
        {notShared > 0 && (
          <label className="check keys-toggle">
            <input
              type="checkbox"
              data-testid="all-keys"
              checked={allKeys}
              onChange={(e) =>
                setParams(
                  (p) => {
                    const out = new URLSearchParams(p);
                    if (e.target.checked) out.set("keys", "all");
                    else out.delete("keys");
                    return out;
                  },
                  { replace: true },
                )
              }
            />
            show those too
          </label>
        )}
      </h2>
      <div className="toolbar chart-toolbar">
        <KeySearch count={shared.length} />
        <ChartControls {...settings} />
      </div>
      {keyError ? (
        <ErrorState error={keyError} />
      ) : !loaded ? (
        <Loading label="Loading metric keys…" />
      ) : shown.length === 0 ? (
        <Empty title={search ? `No metric key matches “${search}”` : "These runs share no metric key"} />
      ) : (
        <>
          {groups.map((g) => (
            <section key={g.group} className="chart-group">
              {g.group && <h3>{g.group}</h3>}
              <div className="chart-grid">
                {g.keys.map((k) => (
                  <MetricChart key={k} metricKey={k} runs={chartRuns} xMode={settings.xMode} smoothing={settings.smoothing} logY={settings.logY} live={live} />
                ))}
              </div>
            </section>
          ))}
          {system.length > 0 && (
            <section className="chart-group">
              <h3>System</h3>
              <div className="chart-grid">
                {system.map((k) => (
                  <MetricChart key={k} metricKey={k} runs={chartRuns} xMode={settings.xMode} smoothing={settings.smoothing} logY={settings.logY} live={live} />
                ))}
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}

/**
 * Flattened config (or summary) keys as rows, runs as columns; differing rows highlighted,
 * optionally alone. The toggle lives in the URL (`diff=all`, `sdiff=all` for the summary).
 */
export function ConfigDiffTable({ runs, field = "config" }: { runs: readonly Run[]; field?: "config" | "summary" }) {
  const [params, setParams] = useSearchParams();
  const param = field === "config" ? "diff" : "sdiff";
  const onlyDiff = params.get(param) !== "all";
  const rows = useMemo(() => configDiff(runs.map((r) => r[field])), [runs, field]);
  const differing = rows.filter((r) => r.differs).length;
  const shown = onlyDiff ? rows.filter((r) => r.differs) : rows;
  return (
    <div className="config-diff-wrap">
      <label className="check">
        <input
          type="checkbox"
          data-testid={field === "config" ? "only-differences" : "only-differences-summary"}
          checked={onlyDiff}
          onChange={(e) =>
            setParams(
              (p) => {
                const out = new URLSearchParams(p);
                if (e.target.checked) out.delete(param);
                else out.set(param, "all");
                return out;
              },
              { replace: true },
            )
          }
        />
        Only differences <span className="muted small">({differing} of {rows.length} keys differ)</span>
      </label>
      <table className="grid config-diff" data-testid={field === "config" ? "config-diff" : "summary-diff"}>
        <thead>
          <tr>
            <th>Key</th>
            {runs.map((r, i) => (
              <th key={r.id}>
                <span className="swatch" style={{ background: colorFor(i) }} /> {r.name || r.id}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && (
            <tr>
              <td colSpan={runs.length + 1} className="muted">
                {rows.length === 0 ? `None of these runs has a ${field}.` : `The ${field === "config" ? "configs" : "summaries"} are identical.`}
              </td>
            </tr>
          )}
          {shown.map((row) => (
            <tr key={row.key} className={row.differs ? "differs" : undefined} data-differs={row.differs}>
              <td className="mono">{row.key}</td>
              {row.values.map((v, i) => (
                <td key={runs[i].id} className={v === undefined ? "mono muted" : "mono"}>
                  {formatValue(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
