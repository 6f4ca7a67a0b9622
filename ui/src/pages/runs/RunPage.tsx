import { useEffect, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, unwrap, type Schemas } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatCost, formatDuration, formatNumber, formatTime, formatTokens } from "../../components/format";
import { colorFor } from "../../components/charts/chartData";
import { flatten, formatValue } from "./flatten";
import { MetricChart, type ChartRun } from "./MetricChart";
import { ChartControls, groupKeys, isSystemKey, KeySearch, matchesSearch, RunStateBadge, useChartSettings } from "./parts";
import { runDurationMs } from "./runsView";

type Run = Schemas["RunView"];
type MetricKey = Schemas["MetricKeyView"];

const TABS = [
  ["charts", "Charts"],
  ["system", "System"],
  ["config", "Config"],
  ["summary", "Summary"],
  ["traces", "Traces"],
] as const;
type Tab = (typeof TABS)[number][0];

/** One run: header, metric charts, system metrics, config, summary and linked traces. */
export function RunPage() {
  const { project, api } = useProjectApi();
  const { runId = "" } = useParams();
  const run = useQuery({
    queryKey: [project, "runs", runId],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/runs/{id}", { params: { path: { project, id: runId } } })),
    refetchInterval: (q) => (q.state.data?.state === "running" ? 10_000 : false),
    retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2,
  });
  if (run.isPending) return <Loading label="Loading run…" />;
  if (run.isError) {
    if (run.error instanceof ApiError && run.error.status === 404) {
      return (
        <div className="state state-error" role="alert" data-testid="run-not-found">
          <strong>Run not found</strong>
          <p>
            Project <code>{project}</code> has no run <code>{runId}</code>.
          </p>
          <Link to={`/p/${encodeURIComponent(project)}/runs`}>← Back to runs</Link>
        </div>
      );
    }
    return <ErrorState error={run.error} retry={() => void run.refetch()} />;
  }
  return <RunView run={run.data} />;
}

function RunView({ run }: { run: Run }) {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS.find(([t]) => t === params.get("tab"))?.[0] ?? "charts") as Tab;
  const setTab = (t: Tab) =>
    setParams(
      (p) => {
        const out = new URLSearchParams(p);
        if (t === "charts") out.delete("tab");
        else out.set("tab", t);
        return out;
      },
      { replace: true },
    );
  const keys = useQuery({
    queryKey: [project, "runs", run.id, "metric-keys"],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/runs/{id}/metrics", { params: { path: { project, id: run.id } } })),
    refetchInterval: run.state === "running" ? 10_000 : false,
  });
  const all = keys.data ?? [];
  const systemCount = all.filter((k) => isSystemKey(k.key)).length;
  const counts: Partial<Record<Tab, number>> = {
    charts: all.length - systemCount,
    system: systemCount,
    config: Object.keys(flatten(run.config)).length,
    summary: Object.keys(flatten(run.summary)).length,
  };

  return (
    <div className="run-page">
      <RunHeader run={run} />
      <nav className="tabs" role="tablist" aria-label="Run sections">
        {TABS.map(([t, label]) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? "active" : undefined} onClick={() => setTab(t)}>
            {label}
            {counts[t] !== undefined && <span className="count">{counts[t]}</span>}
          </button>
        ))}
      </nav>
      {(tab === "charts" || tab === "system") &&
        (keys.isPending ? (
          <Loading label="Loading metric keys…" />
        ) : keys.isError ? (
          <ErrorState error={keys.error} retry={() => void keys.refetch()} />
        ) : (
          <Charts run={run} keys={all.filter((k) => isSystemKey(k.key) === (tab === "system"))} system={tab === "system"} />
        ))}
      {tab === "config" && <KeyValueTable value={run.config} empty="This run has no config." testId="run-config" />}
      {tab === "summary" && (
        <>
          <KeyValueTable value={run.summary} empty="This run has no summary yet." testId="run-summary" />
          {all.length > 0 && <MetricStats keys={all} />}
        </>
      )}
      {tab === "traces" && <RunTraces runId={run.id} />}
    </div>
  );
}

function RunHeader({ run }: { run: Run }) {
  const { project } = useProjectApi();
  const host = flatten(run.host);
  const git = flatten(run.git);
  const now = useNow(run.state === "running" ? 1000 : 0);
  const [editing, setEditing] = useState(false);
  const duration = runDurationMs(run, now);
  return (
    <header className="run-header card">
      <div className="crumbs">
        <Link to={`/p/${encodeURIComponent(project)}/runs`}>Runs</Link> /
      </div>
      <div className="run-title">
        <h1>{run.name || run.id}</h1>
        <RunStateBadge state={run.state} />
        {(run.tags ?? []).map((t) => (
          <Link key={t} className="badge tag" to={`/p/${encodeURIComponent(project)}/runs?tag=${encodeURIComponent(t)}`}>
            {t}
          </Link>
        ))}
      </div>
      <dl className="run-facts">
        <dt>Id</dt>
        <dd className="mono">{run.id}</dd>
        {run.group && (
          <>
            <dt>Group</dt>
            <dd>
              <Link to={`/p/${encodeURIComponent(project)}/runs?group=${encodeURIComponent(run.group)}`}>{run.group}</Link>
            </dd>
          </>
        )}
        <dt>Started</dt>
        <dd>{formatTime(run.startedAt ?? run.createdAt)}</dd>
        <dt>{run.state === "running" ? "Running for" : "Duration"}</dt>
        <dd>{formatDuration(duration)}</dd>
        {run.finishedAt && (
          <>
            <dt>Finished</dt>
            <dd>{formatTime(run.finishedAt)}</dd>
          </>
        )}
        {run.lastHeartbeatAt && (
          <>
            <dt>Last heartbeat</dt>
            <dd>{formatTime(run.lastHeartbeatAt)}</dd>
          </>
        )}
        {run.exitCode != null && (
          <>
            <dt>Exit code</dt>
            <dd className={run.exitCode === 0 ? undefined : "error-text"}>{run.exitCode}</dd>
          </>
        )}
        {Object.keys(host).length > 0 && (
          <>
            <dt>Host</dt>
            <dd>{Object.entries(host).map(([k, v]) => `${k}: ${formatValue(v)}`).join(" · ")}</dd>
          </>
        )}
        {Object.keys(git).length > 0 && (
          <>
            <dt>Git</dt>
            <dd className="mono">
              {[git.branch, typeof git.commit === "string" ? git.commit.slice(0, 12) : git.commit, git.dirty === true ? "dirty" : null, git.remote ?? git.url]
                .filter((v) => v != null && v !== "")
                .map((v) => formatValue(v))
                .join(" · ")}
            </dd>
          </>
        )}
      </dl>
      {editing ? (
        <EditRun run={run} done={() => setEditing(false)} />
      ) : (
        <>
          {run.notes && <p className="run-notes">{run.notes}</p>}
          <button type="button" className="small edit-run" data-testid="edit-run" onClick={() => setEditing(true)}>
            Edit tags and notes
          </button>
        </>
      )}
    </header>
  );
}

/** Tags and notes of a run, saved with PATCH (tags replace, notes overwrite); needs an ingest key. */
function EditRun({ run, done }: { run: Run; done: () => void }) {
  const { project, api } = useProjectApi();
  const client = useQueryClient();
  const [tags, setTags] = useState((run.tags ?? []).join(", "));
  const [notes, setNotes] = useState(run.notes ?? "");
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/v1/projects/{project}/runs/{id}", {
          params: { path: { project, id: run.id } },
          // Absent fields stay as they are (PATCH); the generated type marks every field required.
          body: { tags: tags.split(",").map((t) => t.trim()).filter(Boolean), notes } as Schemas["UpdateRun"],
        }),
      ),
    onSuccess: (updated) => {
      client.setQueryData([project, "runs", run.id], updated);
      void client.invalidateQueries({ queryKey: [project, "runs", "list"] });
      done();
    },
  });
  return (
    <form
      className="edit-run-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <label>
        Tags (comma-separated)
        <input data-testid="edit-tags" value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      <label>
        Notes
        <textarea data-testid="edit-notes" rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      {save.isError && <p className="form-error">{(save.error as Error).message}</p>}
      <div className="edit-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" onClick={done}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** The chart grid of a run with a key search box, grouped by key prefix. */
function Charts({ run, keys, system }: { run: Run; keys: MetricKey[]; system: boolean }) {
  const settings = useChartSettings();
  const [params] = useSearchParams();
  const search = params.get("q") ?? "";
  const chartRuns: ChartRun[] = useMemo(
    () => [{ id: run.id, label: run.name || run.id, color: colorFor(0), startMs: Date.parse(run.startedAt ?? run.createdAt ?? "") || 0 }],
    [run.id, run.name, run.startedAt, run.createdAt],
  );
  const shown = keys.filter((k) => matchesSearch(k.key, search));
  const groups = groupKeys(shown.map((k) => k.key));
  if (keys.length === 0) {
    return system ? (
      <Empty title="No system metrics">
        The SDK samples CPU, memory and JVM heap as <code>system/…</code> keys while a run is active.
      </Empty>
    ) : (
      <Empty title="No metrics logged yet">
        Log some with <code>run.log(Map.of("loss", 0.25))</code> or <code>POST …/runs/{run.id}/metrics</code>.
      </Empty>
    );
  }
  return (
    <>
      <div className="toolbar chart-toolbar">
        <KeySearch count={keys.length} />
        <ChartControls {...settings} />
        <span className="muted small">Drag across a chart to zoom (fetched again at full detail), double-click to reset.</span>
      </div>
      {shown.length === 0 && <Empty title={`No metric key matches “${search}”`} />}
      {groups.map((g) => (
        <section key={g.group} className="chart-group">
          {(groups.length > 1 || g.group) && (
            <h2>
              {g.group || "Metrics"} <span className="muted small">{g.keys.length}</span>
            </h2>
          )}
          <div className="chart-grid">
            {g.keys.map((k) => (
              <MetricChart key={k} metricKey={k} runs={chartRuns} xMode={settings.xMode} smoothing={settings.smoothing} logY={settings.logY} live={run.state === "running"} />
            ))}
          </div>
        </section>
      ))}
    </>
  );
}

/** Nested JSON as a table of flattened keys, with a filter box. */
export function KeyValueTable({ value, empty, testId }: { value: unknown; empty: string; testId: string }) {
  const [search, setSearch] = useState("");
  const flat = Object.entries(flatten(value));
  if (flat.length === 0) return <Empty title={empty} />;
  const rows = flat.filter(([k]) => matchesSearch(k, search));
  return (
    <div className="kv">
      {flat.length > 8 && <input type="search" placeholder="Filter keys" value={search} onChange={(e) => setSearch(e.target.value)} />}
      <table className="grid kv-table" data-testid={testId}>
        <thead>
          <tr>
            <th>Key</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <td className="mono">{k}</td>
              <td className={typeof v === "number" ? "mono num-left" : "mono"}>{formatValue(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MetricStats({ keys }: { keys: MetricKey[] }) {
  return (
    <>
      <h2>Metrics</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>Key</th>
            <th className="num">Last</th>
            <th className="num">Min</th>
            <th className="num">Max</th>
            <th className="num">Points</th>
            <th className="num">Last step</th>
            <th>Last logged</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k.key}>
              <td className="mono">{k.key}</td>
              <td className="num">{formatNumber(k.lastValue)}</td>
              <td className="num">{formatNumber(k.min)}</td>
              <td className="num">{formatNumber(k.max)}</td>
              <td className="num">{k.count.toLocaleString()}</td>
              <td className="num">{k.lastStep.toLocaleString()}</td>
              <td>{formatTime(k.lastTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function RunTraces({ runId }: { runId: string }) {
  const { project, api } = useProjectApi();
  const traces = useInfiniteQuery({
    queryKey: [project, "runs", runId, "traces"],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/projects/{project}/runs/{id}/traces", {
          // sort/order/limit/cursor are the trace list's parameters, not declared on this endpoint.
          params: { path: { project, id: runId }, query: { limit: "50", ...(pageParam ? { cursor: pageParam } : {}) } as never },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (traces.isPending) return <Loading label="Loading traces…" />;
  if (traces.isError) return <ErrorState error={traces.error} retry={() => void traces.refetch()} />;
  const items = traces.data.pages.flatMap((p) => p.items ?? []);
  if (items.length === 0) {
    return (
      <Empty title="No traces linked to this run">
        Spans carrying <code>weft.run.id</code> link their trace here; the SDK sets it while a run is active.
      </Empty>
    );
  }
  return (
    <>
      <table className="grid" data-testid="run-traces">
        <thead>
          <tr>
            <th>Trace</th>
            <th>Status</th>
            <th>Started</th>
            <th className="num">Duration</th>
            <th className="num">Spans</th>
            <th className="num">Tokens</th>
            <th className="num">Cost</th>
            <th>Models</th>
          </tr>
        </thead>
        <tbody>
          {items.map((t) => (
            <tr key={t.traceId}>
              <td>
                <Link to={`/p/${encodeURIComponent(project)}/traces/${encodeURIComponent(t.traceId)}`}>{t.name || t.traceId}</Link>
              </td>
              <td>
                <span className={`badge ${t.status === "error" || (t.errorCount ?? 0) > 0 ? "error" : "ok"}`}>{t.status ?? "–"}</span>
              </td>
              <td>{formatTime(t.startTime)}</td>
              <td className="num">{formatDuration(t.durationMs)}</td>
              <td className="num">{t.spanCount}</td>
              <td className="num">{formatTokens(t.totalTokens)}</td>
              <td className="num">{formatCost(t.costUsd)}</td>
              <td>{(t.models ?? []).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {traces.hasNextPage && (
        <button type="button" onClick={() => void traces.fetchNextPage()} disabled={traces.isFetchingNextPage}>
          Load more traces
        </button>
      )}
    </>
  );
}

/** The current time, refreshed every `everyMs` (0: once), so a running run's duration ticks. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs <= 0) return;
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
