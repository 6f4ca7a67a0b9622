import { Fragment, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ApiError, unwrap } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatTime } from "../../components/format";
import { orderScores, scoreNames, splitInput } from "./model";
import { CiBar, JsonBlock, JsonCell, TraceLink } from "./parts";
import { CHANGE_FILTERS, countChanges, filterPairs, pairRows, type ChangeFilter, type PairedRow } from "./pairing";
import { useAllEvalRows } from "./queries";
import { formatDelta, formatP, formatScore, verdict, verdictLabel } from "./stats";
import { VirtualTable } from "./VirtualTable";

/** Two evaluations side by side: paired statistics per score, then every paired row. */
export function EvaluationComparePage() {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const baseId = params.get("base") ?? "";
  const candidateId = params.get("candidate") ?? "";
  const p = encodeURIComponent(project);

  const result = useQuery({
    queryKey: [project, "evaluations", "compare", baseId, candidateId],
    enabled: !!baseId && !!candidateId,
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/projects/{project}/evaluations/compare", {
          params: { path: { project }, query: { base: baseId, candidate: candidateId, limit: 5 } },
        }),
      ),
  });
  const base = useAllEvalRows(baseId || undefined);
  const candidate = useAllEvalRows(candidateId || undefined);

  if (!baseId || !candidateId) {
    return (
      <Empty title="Choose two evaluations to compare">
        Select two evaluations in the <Link to={`/p/${p}/evaluations`}>list</Link> and press Compare.
      </Empty>
    );
  }
  const notFound = [base.error, candidate.error, result.error].find((e) => e instanceof ApiError && (e.status === 404 || e.status === 400));
  if (notFound) {
    return (
      <Empty title="Cannot compare these evaluations">
        <p>{(notFound as Error).message}</p>
        <Link to={`/p/${p}/evaluations`}>Back to all evaluations</Link>
      </Empty>
    );
  }
  if (result.isPending || base.loading || candidate.loading) return <Loading label="Comparing…" />;
  if (result.isError) return <ErrorState error={result.error} retry={() => void result.refetch()} />;
  const r = result.data;
  const b = base.evaluation!;
  const c = candidate.evaluation!;
  const swap = () => {
    const next = new URLSearchParams(params);
    next.set("base", candidateId);
    next.set("candidate", baseId);
    setParams(next);
  };
  const side = (label: string, e: typeof b) => (
    <div className="card compare-side">
      <div className="muted small">{label}</div>
      <Link to={`/p/${p}/evaluations/${e.id}`}>
        <strong>{e.name}</strong>
      </Link>
      <div className="muted small">
        {e.model && <span className="mono">{e.model} · </span>}
        {formatTime(e.createdAt)} · {e.rowCount} rows
      </div>
    </div>
  );
  return (
    <div>
      <div className="crumbs muted">
        <Link to={`/p/${p}/evaluations`}>Evaluations</Link> /
      </div>
      <h1>Compare evaluations</h1>
      <div className="compare-sides">
        {side("Base", b)}
        <button type="button" onClick={swap} title="Swap base and candidate">
          ⇄ swap
        </button>
        {side("Candidate", c)}
      </div>
      {b.dataset?.name === c.dataset?.name && b.dataset?.version !== c.dataset?.version && (
        <p className="warn-text">
          These evaluations ran on different versions of {b.dataset?.name}: rows that changed between the versions pair with nothing and show as
          only in one side.
        </p>
      )}
      {b.dataset?.name !== c.dataset?.name && (
        <p className="warn-text">
          These evaluations ran on different datasets ({b.dataset?.name} and {c.dataset?.name}); only rows with the same content pair up.
        </p>
      )}
      <section data-testid="eval-compare" className="eval-compare">
        <p className="muted small">
          {r.pairedRows} paired rows (by content digest, trials averaged) · {r.onlyInBase} only in base · {r.onlyInCandidate} only in candidate ·{" "}
          <span className={r.newErrors ? "error-text" : ""}>{r.newErrors} new model errors</span> · {r.fixedErrors} fixed
        </p>
        {r.scores.length === 0 ? (
          <Empty title="No score in common">The two evaluations share no score on paired rows.</Empty>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th>Score</th>
                <th className="num">Base</th>
                <th className="num">Candidate</th>
                <th>Difference (95% paired bootstrap CI)</th>
                <th className="num">Sign test</th>
                <th className="num">Rows ▲ / ▼ / =</th>
                <th>Verdict</th>
              </tr>
            </thead>
            <tbody>
              {r.scores.map((s) => {
                const v = verdict(s);
                const span = Math.max(Math.abs(s.ciLow ?? 0), Math.abs(s.ciHigh ?? 0), Math.abs(s.meanDelta ?? 0), 0.05);
                return (
                  <tr key={s.score} className={v === "better" ? "row-better" : v === "worse" ? "row-worse" : undefined} data-verdict={v}>
                    <td>{s.score}</td>
                    <td className="num">{formatScore(s.baseMean)}</td>
                    <td className="num">{formatScore(s.candidateMean)}</td>
                    <td>
                      <span className="num">
                        {formatDelta(s.meanDelta)} <span className="muted">[{formatDelta(s.ciLow)}, {formatDelta(s.ciHigh)}]</span>
                      </span>{" "}
                      <span className="delta-bar-wrap">
                        <CiBar mean={s.meanDelta} lo={s.ciLow} hi={s.ciHigh} domain={[-span, span]} />
                        <span className="zero-line" />
                      </span>
                    </td>
                    <td className="num" title="two-sided sign test over rows that changed">
                      {formatP(s.signTestP)}
                    </td>
                    <td className="num">
                      <span className="better-text">{s.improved}</span> / <span className="error-text">{s.regressed}</span> / {s.unchanged}
                      <span className="muted"> of {s.pairs}</span>
                    </td>
                    <td>
                      <span className={`badge verdict-${v} ${v === "better" ? "ok" : v === "worse" ? "error" : ""}`}>{verdictLabel(v)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <PairedRows
        baseRows={base.rows}
        candidateRows={candidate.rows}
        complete={base.complete && candidate.complete}
        defaultScore={r.scores[0]?.score}
      />
    </div>
  );
}

function PairedRows({
  baseRows,
  candidateRows,
  complete,
  defaultScore,
}: {
  baseRows: ReturnType<typeof useAllEvalRows>["rows"];
  candidateRows: ReturnType<typeof useAllEvalRows>["rows"];
  complete: boolean;
  defaultScore: string | undefined;
}) {
  const { project } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const scores = useMemo(() => {
    return orderScores([...scoreNames(baseRows), ...scoreNames(candidateRows)]);
  }, [baseRows, candidateRows]);
  const score = params.get("score") || defaultScore || scores[0] || "";
  const show = (CHANGE_FILTERS as string[]).includes(params.get("show") ?? "") ? (params.get("show") as ChangeFilter) : "all";
  const pairs = useMemo(() => pairRows(baseRows, candidateRows, score), [baseRows, candidateRows, score]);
  const counts = useMemo(() => countChanges(pairs), [pairs]);
  const shown = useMemo(() => filterPairs(pairs, show), [pairs, show]);
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const set = (key: string, value: string, fallback: string) => {
    const next = new URLSearchParams(params);
    if (value === fallback) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };
  const label: Record<ChangeFilter, string> = {
    all: `all (${pairs.length})`,
    regressions: `regressions only (${counts.regressed})`,
    improvements: `improvements only (${counts.improved})`,
    changed: `any change (${counts.regressed + counts.improved})`,
  };
  return (
    <section>
      <h2>Rows</h2>
      <div className="toolbar">
        <label>
          Change in
          <select data-testid="filter-score" value={score} onChange={(e) => set("score", e.target.value, defaultScore ?? "")}>
            {scores.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Which rows">
          {CHANGE_FILTERS.map((f) => (
            <button key={f} type="button" className={f === show ? "active" : undefined} aria-pressed={f === show} onClick={() => set("show", f, "all")}>
              {label[f]}
            </button>
          ))}
        </div>
        <span className="muted count">
          sorted by the size of the change{!complete && " (loading rows…)"}
        </span>
      </div>
      {shown.length === 0 ? (
        <Empty title={show === "all" ? "No rows" : `No ${show} in ${score}`} />
      ) : (
        <VirtualTable
          items={shown}
          itemKey={(r) => r.digest}
          className="grid eval-table"
          columnWidths={["56px", "26%", "12%", "20%", "20%", "96px", "88px", "80px", "130px"]}
          header={
            <tr>
              <th className="num">#</th>
              <th>Input</th>
              <th>Expected</th>
              <th>Base output</th>
              <th>Candidate output</th>
              <th className="num" title={`${score} of the base`}>
                Base
              </th>
              <th className="num" title={`${score} of the candidate`}>
                Candidate
              </th>
              <th className="num" title={`candidate − base ${score}`}>
                Δ
              </th>
              <th>Traces</th>
            </tr>
          }
          renderItem={(row) => {
            const isOpen = open.has(row.digest);
            return (
              <Fragment>
                <PairRow
                  row={row}
                  score={score}
                  project={project}
                  open={isOpen}
                  onToggle={() =>
                    setOpen((cur) => {
                      const next = new Set(cur);
                      if (next.has(row.digest)) next.delete(row.digest);
                      else next.add(row.digest);
                      return next;
                    })
                  }
                />
                {isOpen && (
                  <tr className="row-detail">
                    <td colSpan={9}>
                      <div className="detail-grid three">
                        <JsonBlock label="Input (the dataset row)" value={row.input} />
                        <JsonBlock label={`Base output${row.base?.error ? " (error)" : ""}`} value={row.base ? (row.base.error ?? row.base.output) : undefined} />
                        <JsonBlock
                          label={`Candidate output${row.candidate?.error ? " (error)" : ""}`}
                          value={row.candidate ? (row.candidate.error ?? row.candidate.output) : undefined}
                        />
                      </div>
                      <ScoresSideBySide row={row} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          }}
        />
      )}
    </section>
  );
}

function PairRow({ row, score, project, open, onToggle }: { row: PairedRow; score: string; project: string; open: boolean; onToggle: () => void }) {
  const split = splitInput(row.input);
  const testId = row.change === "regressed" ? "row-regressed" : row.change === "improved" ? "row-improved" : "compare-row";
  const cls = row.change === "regressed" ? "row-worse" : row.change === "improved" ? "row-better" : row.change.startsWith("only") ? "row-onesided" : "";
  const output = (s: PairedRow["base"]) =>
    s === null ? <span className="muted">not in this evaluation</span> : s.error ? <span className="error-text">{s.error}</span> : <JsonCell value={s.output} max={50} />;
  return (
    <tr data-testid={testId} data-change={row.change} className={`clickable ${cls}`}
      aria-expanded={open}
      onClick={onToggle}
      tabIndex={0}
      onKeyDown={(ev) => {
        if (ev.target === ev.currentTarget && (ev.key === "Enter" || ev.key === " ")) {
          ev.preventDefault();
          onToggle();
        }
      }}
    >
      <td className="num mono" title={row.rowId ?? row.digest}>
        {row.base?.index ?? row.candidate?.index}
      </td>
      <td className="cell-json">
        <JsonCell value={split.input} max={60} />
      </td>
      <td className="cell-json">
        <JsonCell value={split.expected} max={30} />
      </td>
      <td className="cell-json">{output(row.base)}</td>
      <td className="cell-json">{output(row.candidate)}</td>
      <td className="num">{formatScore(row.base?.scores[score])}</td>
      <td className="num">{formatScore(row.candidate?.scores[score])}</td>
      <td className={`num ${row.change === "regressed" ? "error-text" : row.change === "improved" ? "better-text" : ""}`}>
        {row.delta !== null ? formatDelta(row.delta) : row.change === "regressed" ? "new error" : row.change === "improved" ? "fixed" : "–"}
      </td>
      <td>
        <TraceLink project={project} traceId={row.base?.traceId ?? null} label="base" />{" "}
        <TraceLink project={project} traceId={row.candidate?.traceId ?? null} label="candidate" />
      </td>
    </tr>
  );
}

function ScoresSideBySide({ row }: { row: PairedRow }) {
  const names = [...new Set([...Object.keys(row.base?.scores ?? {}), ...Object.keys(row.candidate?.scores ?? {})])];
  if (names.length === 0) return null;
  return (
    <table className="grid compact">
      <thead>
        <tr>
          <th>Score</th>
          <th className="num">Base</th>
          <th className="num">Candidate</th>
          <th className="num">Δ</th>
        </tr>
      </thead>
      <tbody>
        {names.map((n) => {
          const bv = row.base?.scores[n];
          const cv = row.candidate?.scores[n];
          const d = bv !== undefined && cv !== undefined ? cv - bv : null;
          return (
            <tr key={n}>
              <td>{n}</td>
              <td className="num">{formatScore(bv)}</td>
              <td className="num">{formatScore(cv)}</td>
              <td className={`num ${d !== null && d < 0 ? "error-text" : d !== null && d > 0 ? "better-text" : ""}`}>{formatDelta(d)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

