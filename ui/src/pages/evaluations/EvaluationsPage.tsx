import { useMemo, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDuration, formatTime } from "../../components/format";
import { orderScores, readSummary, shortDigest } from "./model";
import { JsonCell, ScoreWithCi, StateBadge } from "./parts";
import { useDatasetVersionNumbers } from "./queries";

const PAGE = 50;

/** All evaluations of the project, newest first; filter by dataset; pick two to compare. */
export function EvaluationsPage() {
  const { project, api } = useProjectApi();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const dataset = params.get("dataset") ?? "";
  const p = encodeURIComponent(project);
  const [selected, setSelected] = useState<string[]>([]);

  const list = useInfiniteQuery({
    queryKey: [project, "evaluations", "list", { dataset }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/projects/{project}/evaluations", {
          params: { path: { project }, query: { dataset: dataset || undefined, limit: PAGE, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const datasets = useQuery({
    queryKey: [project, "datasets"],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/datasets", { params: { path: { project } } })),
  });

  const items = useMemo(() => (list.data?.pages ?? []).flatMap((pg) => pg.items), [list.data]);
  const versionNumbers = useDatasetVersionNumbers(items.map((e) => e.dataset?.name).filter((n): n is string => !!n));
  // score columns: every score of the evaluations shown, in first-seen order
  const scoreColumns = useMemo(() => {
    const seen: string[] = [];
    for (const e of items) for (const s of readSummary(e.summary)) if (!seen.includes(s.name)) seen.push(s.name);
    return orderScores(seen, items[0]?.scorers ?? []);
  }, [items]);
  const datasetNames = useMemo(() => {
    const names = new Set<string>((datasets.data ?? []).map((d) => d.name));
    for (const e of items) if (e.dataset?.name) names.add(e.dataset.name);
    if (dataset) names.add(dataset);
    return [...names].sort();
  }, [datasets.data, items, dataset]);

  const toggle = (id: string) =>
    setSelected((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur.slice(-1), id]));
  const compare = () => {
    // the older one is the base, the newer the candidate
    const chosen = items.filter((e) => selected.includes(e.id)).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)));
    if (chosen.length === 2) navigate(`/p/${p}/evaluations/compare?base=${encodeURIComponent(chosen[0].id)}&candidate=${encodeURIComponent(chosen[1].id)}`);
  };

  return (
    <div>
      <h1>Evaluations</h1>
      <div className="toolbar">
        <label>
          Dataset
          <select
            data-testid="filter-dataset"
            value={dataset}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set("dataset", e.target.value);
              else next.delete("dataset");
              setParams(next, { replace: true });
              setSelected([]);
            }}
          >
            <option value="">all datasets</option>
            {datasetNames.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" disabled={selected.length !== 2} onClick={compare} data-testid="compare-selected">
          Compare {selected.length === 2 ? "the two selected" : `(select two: ${selected.length}/2)`}
        </button>
        {dataset && <Link to={`/p/${p}/evaluations/leaderboard?dataset=${encodeURIComponent(dataset)}`}>Leaderboard of {dataset}</Link>}
      </div>
      {list.isPending ? (
        <Loading label="Loading evaluations…" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={dataset ? `No evaluations of ${dataset} yet` : "No evaluations yet"}>
          Run one from JUnit: annotate a test with <code>@ExtendWith(WeftEvaluationExtension.class)</code>, call{" "}
          <code>eval.run(runner, rows)</code> and set <code>WEFT_URL</code> and <code>WEFT_API_KEY</code> (see docs/evaluations.md).
        </Empty>
      ) : (
        <>
          <div className="table-scroll">
            <table className="grid">
              <thead>
                <tr>
                  <th aria-label="Select" />
                  <th>Name</th>
                  <th>Dataset</th>
                  <th>Model / prompt</th>
                  <th>Created</th>
                  <th className="num">Rows</th>
                  {scoreColumns.map((s) => (
                    <th key={s}>{s}</th>
                  ))}
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => {
                  const summary = new Map(readSummary(e.summary).map((s) => [s.name, s]));
                  const number = e.dataset ? versionNumbers.get(e.dataset.name)?.get(e.dataset.version) : undefined;
                  const isSelected = selected.includes(e.id);
                  return (
                    <tr key={e.id} data-testid="evaluation-row" className={isSelected ? "selected" : undefined}>
                      <td>
                        <input type="checkbox" aria-label={`Select ${e.name}`} checked={isSelected} onChange={() => toggle(e.id)} />
                      </td>
                      <td>
                        <Link to={`/p/${p}/evaluations/${e.id}`}>{e.name}</Link>
                      </td>
                      <td>
                        {e.dataset?.name ? (
                          <>
                            {versionNumbers.has(e.dataset.name) ? (
                              <Link to={`/p/${p}/datasets/${encodeURIComponent(e.dataset.name)}${number ? `?version=${number}` : ""}`}>{e.dataset.name}</Link>
                            ) : (
                              e.dataset.name
                            )}{" "}
                            <span className="muted" title={e.dataset.version}>
                              {number ? `v${number}` : shortDigest(e.dataset.version)}
                            </span>
                          </>
                        ) : (
                          "–"
                        )}
                      </td>
                      <td className="mono small">
                        {e.model ?? "–"}
                        {e.prompt && <div className="muted">{e.prompt}</div>}
                        {isNonEmptyObject(e.parameters) ? (
                          <div className="muted">
                            <JsonCell value={e.parameters} max={40} />
                          </div>
                        ) : null}
                      </td>
                      <td title={e.durationMs != null ? `took ${formatDuration(e.durationMs)}` : undefined}>{formatTime(e.createdAt)}</td>
                      <td className="num">{e.rowCount ?? "–"}</td>
                      {scoreColumns.map((s) => {
                        const sum = summary.get(s);
                        return <td key={s}>{sum ? <ScoreWithCi s={sum} /> : <span className="muted">–</span>}</td>;
                      })}
                      <td>
                        <StateBadge state={e.state} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {list.hasNextPage && (
            <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
              {list.isFetchingNextPage ? "Loading…" : "Load older evaluations"}
            </button>
          )}
        </>
      )}
    </div>
  );
}

function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === "object" && Object.keys(value).length > 0;
}
