import { Fragment, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ApiError, unwrap, type Schemas } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, Loading, QueryView } from "../../components/States";
import { formatTime } from "../../components/format";
import { JsonBlock, JsonCell } from "../evaluations/parts";
import { diffEntries, fieldChanges, rowColumns, type DiffEntry, type DiffLike } from "./diff";
import { exportFileName, saveBlob } from "./download";

const PAGE_SIZE = 50;
const DIFF_STEP = 200;

type Version = Schemas["DatasetVersion"];

/**
 * One dataset: its versions, the rows of a chosen version (`?version=&page=`), the diff of two
 * versions (`?tab=diff&from=&to=`) and exports.
 */
export function DatasetPage() {
  const { name = "" } = useParams();
  const { project, api } = useProjectApi();
  const p = encodeURIComponent(project);
  const [params, setParams] = useSearchParams();

  const dataset = useQuery({
    queryKey: [project, "dataset", name],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/datasets/{name}", { params: { path: { project, name } } })),
  });
  const versions = useQuery({
    queryKey: [project, "dataset", name, "versions"],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/datasets/{name}/versions", { params: { path: { project, name } } })),
  });

  if (dataset.isPending) return <Loading label="Loading the dataset…" />;
  if (dataset.isError) {
    if (dataset.error instanceof ApiError && dataset.error.status === 404) {
      return (
        <Empty title="No such dataset">
          <p>{dataset.error.message}</p>
          <Link to={`/p/${p}/datasets`}>Back to all datasets</Link>
        </Empty>
      );
    }
    return <ErrorState error={dataset.error} retry={() => void dataset.refetch()} />;
  }
  const d = dataset.data;
  const tab = params.get("tab") === "diff" || (params.has("from") && params.has("to") && params.get("tab") !== "rows") ? "diff" : "rows";
  const setTab = (t: "rows" | "diff") => {
    const next = new URLSearchParams(params);
    next.set("tab", t);
    setParams(next);
  };
  const tags = Object.entries(d.tags ?? {}).sort((a, b) => b[1] - a[1]);

  return (
    <div>
      <div className="crumbs muted">
        <Link to={`/p/${p}/datasets`}>Datasets</Link> /
      </div>
      <h1>{d.name}</h1>
      {d.description && <p className="muted">{d.description}</p>}
      <div className="toolbar">
        <span className="muted">
          created {formatTime(d.createdAt)} · {d.latestVersion != null ? `latest v${d.latestVersion}` : "no versions yet"}
        </span>
        {tags.map(([tag, n]) => (
          <span key={tag} className="badge">
            {tag} → v{n}
          </span>
        ))}
        <Link to={`/p/${p}/evaluations/leaderboard?dataset=${encodeURIComponent(d.name)}`}>Leaderboard</Link>
        <Link to={`/p/${p}/evaluations?dataset=${encodeURIComponent(d.name)}`}>Evaluations of this dataset</Link>
      </div>
      {d.latestVersion == null ? (
        <Empty title="This dataset has no versions yet">
          Upload rows: <code>curl -H 'Content-Type: application/x-ndjson' --data-binary @rows.jsonl …/datasets/{d.name}/import</code> (see
          docs/datasets.md).
        </Empty>
      ) : (
        <div className="dataset-layout">
          <aside className="dataset-versions">
            <h2>Versions</h2>
            <QueryView query={versions} label="Loading versions…">
              {(list) => <VersionList versions={list} latest={d.latestVersion!} />}
            </QueryView>
          </aside>
          <div className="dataset-main">
            <div className="tabs" role="tablist">
              <button type="button" role="tab" aria-selected={tab === "rows"} className={tab === "rows" ? "active" : undefined} onClick={() => setTab("rows")}>
                Rows
              </button>
              <button type="button" role="tab" aria-selected={tab === "diff"} className={tab === "diff" ? "active" : undefined} onClick={() => setTab("diff")}>
                Diff
              </button>
            </div>
            {tab === "rows" ? <RowsView name={d.name} latest={d.latestVersion} /> : <DiffView name={d.name} versions={versions.data ?? []} latest={d.latestVersion} />}
          </div>
        </div>
      )}
    </div>
  );
}

function VersionList({ versions, latest }: { versions: Version[]; latest: number }) {
  const [params, setParams] = useSearchParams();
  const chosen = params.get("version") ?? String(latest);
  const open = (v: Version) => {
    const next = new URLSearchParams(params);
    next.set("version", String(v.number));
    next.set("tab", "rows");
    next.delete("page");
    setParams(next);
  };
  const diffTo = (v: Version) => {
    const next = new URLSearchParams(params);
    next.set("tab", "diff");
    next.set("from", String(v.base ?? v.number - 1));
    next.set("to", String(v.number));
    setParams(next);
  };
  return (
    <ol className="version-list" reversed>
      {[...versions].reverse().map((v) => {
        const selected = chosen === String(v.number) || v.tags.includes(chosen) || chosen === v.digest || (chosen === "latest" && v.number === latest);
        return (
          <li key={v.number} data-testid="dataset-version" className={selected ? "selected" : undefined}>
            <button type="button" className="link version-open" onClick={() => open(v)} aria-current={selected ? "true" : undefined}>
              <strong>v{v.number}</strong>
            </button>
            {v.number === latest && <span className="badge ok">latest</span>}
            {v.tags.map((t) => (
              <span className="badge" key={t}>
                {t}
              </span>
            ))}
            <div className="muted small">
              {v.rowCount} rows · {formatTime(v.createdAt)}
              {v.base != null && <> · from v{v.base}</>}
            </div>
            {v.message && <div className="small version-message">{v.message}</div>}
            <div className="small">
              <span className="mono muted" title={v.digest}>
                {v.digest.slice(0, 10)}
              </span>
              {v.number > 1 && (
                <>
                  {" · "}
                  <button type="button" className="link" onClick={() => diffTo(v)}>
                    changes
                  </button>
                </>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function ExportButtons({ name, version }: { name: string; version: Version }) {
  const { project, api } = useProjectApi();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const download = async (format: "jsonl" | "csv") => {
    setBusy(format);
    setError(null);
    try {
      const blob = await unwrap(
        api.GET("/api/v1/projects/{project}/datasets/{name}/versions/{ref}/export", {
          params: { path: { project, name, ref: String(version.number) }, query: { format } },
          parseAs: "blob",
        }),
      );
      saveBlob(blob as Blob, exportFileName(name, version.number, format));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <span className="export-buttons">
      <button type="button" onClick={() => void download("jsonl")} disabled={busy !== null} data-testid="export-jsonl">
        {busy === "jsonl" ? "Downloading…" : "Download JSONL"}
      </button>
      <button type="button" onClick={() => void download("csv")} disabled={busy !== null} data-testid="export-csv">
        {busy === "csv" ? "Downloading…" : "Download CSV"}
      </button>
      {error != null && <span className="error-text">{(error as Error).message}</span>}
    </span>
  );
}

function RowsView({ name, latest }: { name: string; latest: number }) {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const ref = params.get("version") ?? String(latest);
  const page = Math.max(0, Number(params.get("page") ?? 0) || 0);
  const [open, setOpen] = useState<Set<number>>(() => new Set());
  // positions of a version are 0…n−1, so page k starts after position k·size − 1
  const rows = useQuery({
    queryKey: [project, "dataset", name, "rows", ref, page],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/projects/{project}/datasets/{name}/versions/{ref}/rows", {
          params: { path: { project, name, ref }, query: { after: page * PAGE_SIZE - 1, limit: PAGE_SIZE } },
        }),
      ),
  });
  const go = (k: number) => {
    const next = new URLSearchParams(params);
    if (k === 0) next.delete("page");
    else next.set("page", String(k));
    setParams(next);
  };
  return (
    <QueryView query={rows} label="Loading rows…">
      {(data) => {
        const version = data.version;
        const pages = Math.max(1, Math.ceil(version.rowCount / PAGE_SIZE));
        const values = data.rows.map((r) => r.row.data as unknown);
        const { columns, hidden } = rowColumns(values);
        return (
          <>
            <div className="toolbar">
              <strong>
                v{version.number}
                {version.tags.length > 0 && ` (${version.tags.join(", ")})`}
              </strong>
              <span className="muted">
                {version.rowCount} rows{version.message && <> · {version.message}</>}
              </span>
              <ExportButtons name={name} version={version} />
            </div>
            {version.rowCount === 0 ? (
              <Empty title="This version has no rows" />
            ) : (
              <>
                <div className="table-scroll">
                  <table className="grid dataset-rows">
                    <thead>
                      <tr>
                        <th className="num">#</th>
                        {columns.map((c) => (
                          <th key={c}>{c}</th>
                        ))}
                        {hidden > 0 && <th className="muted">+{hidden} more fields</th>}
                      </tr>
                    </thead>
                    <tbody>
                      {data.rows.map((r, i) => {
                        const value = values[i];
                        const obj = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
                        const isOpen = open.has(r.position);
                        return (
                          <Fragment key={r.position}>
                            <tr
                              className="clickable"
                              data-testid="dataset-data-row"
                              aria-expanded={isOpen}
                              onClick={() =>
                                setOpen((cur) => {
                                  const next = new Set(cur);
                                  if (next.has(r.position)) next.delete(r.position);
                                  else next.add(r.position);
                                  return next;
                                })
                              }
                            >
                              <td className="num mono">{r.position}</td>
                              {obj
                                ? columns.map((c) => (
                                    <td key={c} className="cell-json">
                                      <JsonCell value={obj[c]} max={columns.length > 3 ? 50 : 90} />
                                    </td>
                                  ))
                                : columns.length > 0 && (
                                    <td colSpan={columns.length}>
                                      <JsonCell value={value} />
                                    </td>
                                  )}
                              {hidden > 0 && <td className="muted">…</td>}
                            </tr>
                            {isOpen && (
                              <tr className="row-detail">
                                <td colSpan={columns.length + 1 + (hidden > 0 ? 1 : 0)}>
                                  <JsonBlock label={`Row ${r.position} · digest ${r.row.digest.slice(0, 12)}`} value={value} />
                                </td>
                              </tr>
                            )}
                          </Fragment>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                <div className="pager">
                  <button type="button" disabled={page === 0} onClick={() => go(page - 1)}>
                    ← Previous
                  </button>
                  <span className="muted">
                    page {page + 1} of {pages} · rows {page * PAGE_SIZE}–{page * PAGE_SIZE + data.rows.length - 1}
                  </span>
                  <button type="button" disabled={data.nextAfter == null || page + 1 >= pages} onClick={() => go(page + 1)}>
                    Next →
                  </button>
                </div>
              </>
            )}
          </>
        );
      }}
    </QueryView>
  );
}

function DiffView({ name, versions, latest }: { name: string; versions: Version[]; latest: number }) {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const to = params.get("to") ?? String(latest);
  const from = params.get("from") ?? String(Math.max(1, latest - 1));
  const [showSame, setShowSame] = useState(false);
  // a diff of a large upload can hold thousands of rows: render them in steps
  const [limit, setLimit] = useState(DIFF_STEP);
  const diff = useQuery({
    queryKey: [project, "dataset", name, "diff", from, to],
    enabled: versions.length !== 1,
    queryFn: () =>
      unwrap(api.GET("/api/v1/projects/{project}/datasets/{name}/diff", { params: { path: { project, name }, query: { from, to } } })),
  });
  const set = (key: "from" | "to", value: string) => {
    const next = new URLSearchParams(params);
    next.set("tab", "diff");
    next.set(key, value);
    if (key === "from" && !next.has("to")) next.set("to", to);
    if (key === "to" && !next.has("from")) next.set("from", from);
    setParams(next);
  };
  if (versions.length === 1) {
    return (
      <div data-testid="dataset-diff">
        <Empty title="Only one version so far">A diff compares two versions; a new upload or edit makes v2.</Empty>
      </div>
    );
  }
  const picker = (key: "from" | "to", value: string) => (
    <label>
      {key === "from" ? "From" : "To"}
      <select value={value} onChange={(e) => set(key, e.target.value)} data-testid={`filter-${key}`}>
        {!versions.some((v) => String(v.number) === value) && <option value={value}>{value}</option>}
        {[...versions].reverse().map((v) => (
          <option key={v.number} value={String(v.number)}>
            v{v.number}
            {v.tags.length > 0 ? ` (${v.tags.join(", ")})` : ""}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div data-testid="dataset-diff" className="dataset-diff">
      <div className="toolbar">
        {picker("from", from)}
        {picker("to", to)}
        <label className="inline-check">
          <input type="checkbox" checked={showSame} onChange={(e) => setShowSame(e.target.checked)} /> show unchanged fields
        </label>
      </div>
      <QueryView query={diff} label="Comparing versions…">
        {(data) => {
          const entries = diffEntries(data as unknown as DiffLike);
          return (
            <>
              <p className="diff-counts">
                <span className="badge ok">+{data.added.length} added</span> <span className="badge error">−{data.removed.length} removed</span>{" "}
                <span className="badge warn">~{data.changed.length} changed</span>{" "}
                <span className="muted small">
                  rows matched by {data.matchedBy === "id" ? "their id field" : "content and position"}
                </span>
              </p>
              {entries.length === 0 ? (
                <Empty title={`v${from} and v${to} have the same rows`} />
              ) : (
                <table className="grid diff-table">
                  <thead>
                    <tr>
                      <th>Change</th>
                      <th className="num">Position</th>
                      <th>Id</th>
                      <th>Row</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.slice(0, limit).map((e, i) => (
                      <DiffRow key={`${e.kind}-${e.fromPosition}-${e.toPosition}-${i}`} entry={e} showSame={showSame} />
                    ))}
                  </tbody>
                </table>
              )}
              {entries.length > limit && (
                <div className="pager">
                  <span className="muted">
                    showing {limit} of {entries.length} changes
                  </span>
                  <button type="button" onClick={() => setLimit(limit + DIFF_STEP)}>
                    Show {Math.min(DIFF_STEP, entries.length - limit)} more
                  </button>
                </div>
              )}
            </>
          );
        }}
      </QueryView>
    </div>
  );
}

function DiffRow({ entry: e, showSame }: { entry: DiffEntry; showSame: boolean }) {
  const cls = e.kind === "added" ? "row-better diff-added" : e.kind === "removed" ? "row-worse diff-removed" : "diff-changed";
  const position =
    e.kind === "changed" ? (e.fromPosition === e.toPosition ? `${e.toPosition}` : `${e.fromPosition} → ${e.toPosition}`) : `${e.toPosition ?? e.fromPosition}`;
  return (
    <tr className={cls} data-change={e.kind}>
      <td>
        <span className={`badge ${e.kind === "added" ? "ok" : e.kind === "removed" ? "error" : "warn"}`}>{e.kind}</span>
      </td>
      <td className="num mono">{position}</td>
      <td className="mono">{e.id ?? <span className="muted">–</span>}</td>
      <td className="wrap">
        {e.kind === "changed" ? (
          <FieldDiff from={e.from} to={e.to} showSame={showSame} />
        ) : (
          <details>
            <summary>
              <JsonCell value={e.kind === "added" ? e.to : e.from} max={110} />
            </summary>
            <pre className="json">{JSON.stringify(e.kind === "added" ? e.to : e.from, null, 2)}</pre>
          </details>
        )}
      </td>
    </tr>
  );
}

function FieldDiff({ from, to, showSame }: { from: unknown; to: unknown; showSame: boolean }) {
  const fields = fieldChanges(from, to);
  const shown = showSame ? fields : fields.filter((f) => f.kind !== "same");
  return (
    <table className="field-diff">
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((f) => (
          <tr key={f.path} className={`field-${f.kind}`}>
            <td className="mono">{f.path || "(row)"}</td>
            <td className="before">{f.kind === "added" ? <span className="muted">—</span> : <JsonCell value={f.from} max={200} />}</td>
            <td className="after">{f.kind === "removed" ? <span className="muted">—</span> : <JsonCell value={f.to} max={200} />}</td>
          </tr>
        ))}
        {!showSame && fields.length > shown.length && (
          <tr>
            <td colSpan={3} className="muted small">
              {fields.length - shown.length} unchanged fields hidden
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
