import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatTime } from "../../components/format";
import { orderScores, readSummary, shortDigest } from "./model";
import { CiBar } from "./parts";
import { useDatasetVersionNumbers } from "./queries";
import { formatCI, formatPercent, scoreDomain } from "./stats";

/** Finished evaluations of one dataset ranked by a chosen score (`?dataset=&score=&version=`). */
export function LeaderboardPage() {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const p = encodeURIComponent(project);
  const dataset = params.get("dataset") ?? "";
  const version = params.get("version") ?? "";

  const datasets = useQuery({
    queryKey: [project, "datasets"],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/datasets", { params: { path: { project } } })),
  });
  // datasets kept in files have no server dataset: take their names from recent evaluations too
  const recent = useQuery({
    queryKey: [project, "evaluations", { limit: 200 }],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/evaluations", { params: { path: { project }, query: { limit: 200 } } })),
  });
  // the scores evaluations of this dataset recorded, to choose from
  const evaluations = useQuery({
    queryKey: [project, "evaluations", { dataset, limit: 200 }],
    enabled: !!dataset,
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/evaluations", { params: { path: { project }, query: { dataset, limit: 200 } } })),
  });
  const scores = useMemo(() => {
    const seen: string[] = [];
    for (const e of evaluations.data?.items ?? []) for (const s of readSummary(e.summary)) if (!seen.includes(s.name)) seen.push(s.name);
    return orderScores(seen, evaluations.data?.items[0]?.scorers ?? []);
  }, [evaluations.data]);
  const versionDigests = useMemo(() => {
    const seen: string[] = [];
    for (const e of evaluations.data?.items ?? []) if (e.dataset?.version && !seen.includes(e.dataset.version)) seen.push(e.dataset.version);
    return seen;
  }, [evaluations.data]);
  const numbers = useDatasetVersionNumbers(dataset ? [dataset] : []).get(dataset);
  const score = params.get("score") || scores[0] || "";

  const board = useQuery({
    queryKey: [project, "evaluations", "leaderboard", { dataset, score, version }],
    enabled: !!dataset && !!score,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/projects/{project}/evaluations/leaderboard", {
          params: { path: { project }, query: { dataset, score, version: version || undefined, limit: 100 } },
        }),
      ),
  });

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key === "dataset") {
      next.delete("score");
      next.delete("version");
    }
    setParams(next, { replace: true });
  };
  const datasetNames = [
    ...new Set([
      ...(datasets.data ?? []).map((d) => d.name),
      ...(recent.data?.items ?? []).map((e) => e.dataset?.name).filter((n): n is string => !!n),
      ...(dataset ? [dataset] : []),
    ]),
  ].sort();
  const versionLabel = (digest: string) => {
    const n = numbers?.get(digest);
    return n ? `v${n}` : shortDigest(digest);
  };

  return (
    <div>
      <div className="crumbs muted">
        <Link to={`/p/${p}/evaluations`}>Evaluations</Link> /
      </div>
      <h1>Leaderboard{dataset && <> · {dataset}</>}</h1>
      <div className="toolbar">
        <label>
          Dataset
          <select data-testid="filter-dataset" value={dataset} onChange={(e) => set("dataset", e.target.value)}>
            <option value="">choose a dataset…</option>
            {datasetNames.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        {dataset && (
          <label>
            Rank by
            <select data-testid="filter-score" value={score} onChange={(e) => set("score", e.target.value)}>
              {scores.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
        )}
        {dataset && versionDigests.length > 0 && (
          <label>
            Dataset version
            <select data-testid="filter-version" value={version} onChange={(e) => set("version", e.target.value)}>
              <option value="">all versions</option>
              {versionDigests.map((d) => (
                <option key={d} value={d}>
                  {versionLabel(d)}
                </option>
              ))}
            </select>
          </label>
        )}
        {dataset && numbers && <Link to={`/p/${p}/datasets/${encodeURIComponent(dataset)}`}>Dataset {dataset}</Link>}
      </div>
      {!dataset ? (
        datasets.isError ? (
          <ErrorState error={datasets.error} retry={() => void datasets.refetch()} />
        ) : (
          <Empty title="Choose a dataset">The leaderboard ranks finished evaluations of one dataset by a score.</Empty>
        )
      ) : evaluations.isPending ? (
        <Loading label="Loading evaluations…" />
      ) : evaluations.isError ? (
        <ErrorState error={evaluations.error} retry={() => void evaluations.refetch()} />
      ) : scores.length === 0 ? (
        <Empty title={`No scored evaluations of ${dataset} yet`}>
          Run one from JUnit with <code>WeftEvaluationExtension</code> and <code>WEFT_URL</code>/<code>WEFT_API_KEY</code> set; it appears here
          when it finishes.
        </Empty>
      ) : board.isPending ? (
        <Loading label="Ranking…" />
      ) : board.isError ? (
        <ErrorState error={board.error} retry={() => void board.refetch()} />
      ) : board.data.entries.length === 0 ? (
        <Empty title={`No finished evaluation of ${dataset} has ${score}`} />
      ) : (
        <table className="grid leaderboard" data-testid="leaderboard">
          <thead>
            <tr>
              <th className="num">Rank</th>
              <th>Evaluation</th>
              <th>Model / prompt</th>
              <th>Version</th>
              <th>{score} (95% CI)</th>
              <th className="num">Pass rate</th>
              <th className="num">Rows</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {(() => {
              const domain = scoreDomain(board.data.entries.flatMap((e) => [e.ciLow, e.ciHigh, e.mean]));
              const leader = board.data.entries[0];
              return board.data.entries.map((e) => {
                // the interval overlaps the leader's: not distinguishable from first place
                const tied = e.id !== leader.id && e.ciHigh != null && leader.ciLow != null && e.ciHigh >= leader.ciLow;
                return (
                  <tr key={e.id} data-testid="leaderboard-row">
                    <td className="num">{e.rank}</td>
                    <td>
                      <Link to={`/p/${p}/evaluations/${e.id}`}>{e.name}</Link>
                    </td>
                    <td className="mono small">
                      {e.model ?? "–"}
                      {e.prompt && <div className="muted">{e.prompt}</div>}
                    </td>
                    <td className="muted" title={e.datasetVersion}>
                      {versionLabel(e.datasetVersion)}
                    </td>
                    <td>
                      <span className="num">{formatCI(e.mean, e.ciLow, e.ciHigh)}</span> <CiBar mean={e.mean} lo={e.ciLow} hi={e.ciHigh} domain={domain} />
                      {tied && (
                        <span className="muted small" title="its confidence interval overlaps the leader's">
                          {" "}
                          CI overlaps #1
                        </span>
                      )}
                    </td>
                    <td className="num">{formatPercent(e.passRate)}</td>
                    <td className="num">{e.rowCount}</td>
                    <td>{formatTime(e.createdAt)}</td>
                  </tr>
                );
              });
            })()}
          </tbody>
        </table>
      )}
    </div>
  );
}
