import { Fragment, useDeferredValue, useMemo, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { ApiError, unwrap } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatCost, formatDuration, formatTime } from "../../components/format";
import { orderScores, readSummary, scoreNames, shortDigest, splitInput, summariseRows, type EvalRowModel, type ScoreSummary } from "./model";
import { CiBar, Histogram, JsonBlock, JsonCell, StateBadge, TraceLink } from "./parts";
import { useAllEvalRows, useDatasetVersionNumbers } from "./queries";
import { applyFilter, filterFromParams, filterToParams, hasError, isFiltering, OPS, STATUSES, type Op, type RowFilter, type ScoreCondition } from "./rowFilter";
import { formatCI, formatPercent, formatScore, histogram, scoreDomain, type Bin } from "./stats";
import { VirtualTable } from "./VirtualTable";

/** One evaluation: its summary per score and every row, filtered and sorted through the URL. */
export function EvaluationPage() {
  const { evaluationId = "" } = useParams();
  const { project } = useProjectApi();
  const all = useAllEvalRows(evaluationId);

  if (all.loading) return <Loading label="Loading the evaluation…" />;
  if (all.error && !all.evaluation) {
    if (all.error instanceof ApiError && (all.error.status === 404 || all.error.status === 400)) {
      return (
        <Empty title="No such evaluation">
          <p>{all.error.message}</p>
          <Link to={`/p/${encodeURIComponent(project)}/evaluations`}>Back to all evaluations</Link>
        </Empty>
      );
    }
    return <ErrorState error={all.error} retry={all.refetch} />;
  }
  const evaluation = all.evaluation!;
  return (
    <div className="eval-page">
      <EvaluationHeader evaluation={evaluation} />
      <Summary evaluation={evaluation} rows={all.rows} complete={all.complete} />
      {all.error != null && <ErrorState error={all.error} retry={all.refetch} />}
      <RowsSection rows={all.rows} total={all.total} complete={all.complete} scorers={evaluation.scorers ?? []} />
    </div>
  );
}

type Evaluation = NonNullable<ReturnType<typeof useAllEvalRows>["evaluation"]>;

function EvaluationHeader({ evaluation: e }: { evaluation: Evaluation }) {
  const { project, api } = useProjectApi();
  const navigate = useNavigate();
  const p = encodeURIComponent(project);
  const versions = useDatasetVersionNumbers(e.dataset?.name ? [e.dataset.name] : []);
  const number = e.dataset ? versions.get(e.dataset.name)?.get(e.dataset.version) : undefined;
  // other evaluations of the same dataset, to compare with
  const others = useQuery({
    queryKey: [project, "evaluations", { dataset: e.dataset?.name, limit: 100 }],
    enabled: !!e.dataset?.name,
    queryFn: () =>
      unwrap(api.GET("/api/v1/projects/{project}/evaluations", { params: { path: { project }, query: { dataset: e.dataset!.name, limit: 100 } } })),
  });
  const params = e.parameters && typeof e.parameters === "object" && Object.keys(e.parameters).length > 0 ? e.parameters : null;
  return (
    <header className="eval-header">
      <div className="crumbs muted">
        <Link to={`/p/${p}/evaluations`}>Evaluations</Link> /
      </div>
      <h1>
        {e.name} <StateBadge state={e.state} />
      </h1>
      <dl className="facts">
        <div>
          <dt>Dataset</dt>
          <dd>
            {e.dataset?.name ? (
              versions.has(e.dataset.name) ? (
                <Link to={`/p/${p}/datasets/${encodeURIComponent(e.dataset.name)}${number ? `?version=${number}` : ""}`}>
                  {e.dataset.name}
                </Link>
              ) : (
                e.dataset.name
              )
            ) : (
              "–"
            )}{" "}
            <span className="muted" title={e.dataset?.version}>
              {number ? `v${number}` : shortDigest(e.dataset?.version)}
            </span>
          </dd>
        </div>
        {e.model && (
          <div>
            <dt>Model</dt>
            <dd className="mono">{e.model}</dd>
          </div>
        )}
        {e.prompt && (
          <div>
            <dt>Prompt</dt>
            <dd className="mono">{e.prompt}</dd>
          </div>
        )}
        {params && (
          <div>
            <dt>Parameters</dt>
            <dd>
              <JsonCell value={params} max={60} />
            </dd>
          </div>
        )}
        {e.gitCommit && (
          <div>
            <dt>Commit</dt>
            <dd className="mono" title={e.gitCommit}>
              {e.gitCommit.slice(0, 10)}
            </dd>
          </div>
        )}
        <div>
          <dt>Created</dt>
          <dd>{formatTime(e.createdAt)}</dd>
        </div>
        {e.durationMs != null && (
          <div>
            <dt>Duration</dt>
            <dd>{formatDuration(e.durationMs)}</dd>
          </div>
        )}
        {e.scorers.length > 0 && (
          <div>
            <dt>Scorers</dt>
            <dd>{e.scorers.join(", ")}</dd>
          </div>
        )}
      </dl>
      <div className="toolbar">
        {e.dataset?.name && (
          <Link to={`/p/${p}/evaluations/leaderboard?dataset=${encodeURIComponent(e.dataset.name)}`}>Leaderboard of {e.dataset.name}</Link>
        )}
        {others.data && others.data.items.length > 1 && (
          <label>
            Compare with
            <select
              aria-label="Compare with"
              value=""
              onChange={(ev) => {
                if (ev.target.value) navigate(`/p/${p}/evaluations/compare?base=${encodeURIComponent(ev.target.value)}&candidate=${encodeURIComponent(e.id)}`);
              }}
            >
              <option value="">choose a base…</option>
              {others.data.items
                .filter((o) => o.id !== e.id)
                .map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name} · {formatTime(o.createdAt)}
                  </option>
                ))}
            </select>
          </label>
        )}
      </div>
    </header>
  );
}

function Summary({ evaluation, rows, complete }: { evaluation: Evaluation; rows: EvalRowModel[]; complete: boolean }) {
  const [params, setParams] = useSearchParams();
  const showBin = (score: string, bin: Bin, last: boolean) => {
    const filter = filterFromParams(params);
    const others = filter.where.filter((c) => c.score !== score);
    const where: ScoreCondition[] =
      bin.lo === bin.hi
        ? [{ score, op: "=", value: bin.lo }]
        : [
            { score, op: ">=", value: Number(bin.lo.toPrecision(6)) },
            { score, op: last ? "<=" : "<", value: Number(bin.hi.toPrecision(6)) },
          ];
    setParams(filterToParams({ ...filter, where: [...others, ...where] }, params), { replace: true });
  };
  const order = orderScores(readSummary(evaluation.summary).map((s) => s.name), evaluation.scorers ?? []);
  const byName = new Map(readSummary(evaluation.summary).map((s) => [s.name, s]));
  const stored = order.map((n) => byName.get(n)!);
  const summaries: ScoreSummary[] = stored.length > 0 ? stored : complete ? summariseRows(rows) : [];
  const modelErrors = rows.filter((r) => r.error !== null).length;
  const scorerErrors = rows.filter((r) => Object.keys(r.scorerErrors).length > 0).length;
  const cost = rows.reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
  const latencies = rows.map((r) => r.latencyMs).filter((v): v is number => v !== null);
  const meanLatency = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null;
  const traced = rows.filter((r) => r.traceId !== null).length;
  return (
    <section className="eval-summary" data-testid="eval-summary" aria-label="Summary">
      {summaries.map((s) => (
        <div className="card score-card" key={s.name} data-score={s.name}>
          <div className="score-name">{s.name}</div>
          <div className="score-mean" title="mean with its 95% bootstrap confidence interval">
            {formatCI(s.mean, s.ciLow, s.ciHigh)}
          </div>
          <CiBar mean={s.mean} lo={s.ciLow} hi={s.ciHigh} domain={scoreDomain([s.ciLow, s.ciHigh, s.mean])} />
          {complete && (
            <Histogram
              score={s.name}
              bins={histogram(rows.map((r) => r.scores[s.name]).filter((v): v is number => v !== undefined))}
              onPick={(bin, last) => showBin(s.name, bin, last)}
            />
          )}
          <div className="muted small">
            {s.passRate != null && <span>pass rate {formatPercent(s.passRate)} · </span>}n = {s.count}
            {s.errors > 0 && <span className="error-text"> · {s.errors} missing (errors)</span>}
            {s.stddev != null && <span> · sd {formatScore(s.stddev)}</span>}
          </div>
        </div>
      ))}
      <div className="card score-card counts">
        <div className="score-name">Rows</div>
        <div className="score-mean">{evaluation.rowCount ?? rows.length}</div>
        <div className="muted small">
          {complete ? (
            <>
              <span className={modelErrors ? "error-text" : ""}>
                {modelErrors} model error{modelErrors === 1 ? "" : "s"}
              </span>{" "}
              · {scorerErrors} with scorer errors
              {meanLatency !== null && <> · mean latency {formatDuration(meanLatency)}</>}
              {cost > 0 && <> · cost {formatCost(cost)}</>}
              {` · ${traced} traced`}
            </>
          ) : (
            "counting…"
          )}
        </div>
      </div>
      {summaries.length === 0 && complete && <div className="muted">No scores recorded.</div>}
    </section>
  );
}

function RowsSection({ rows, total, complete, scorers }: { rows: EvalRowModel[]; total: number; complete: boolean; scorers: string[] }) {
  const { project } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const scores = useMemo(() => orderScores(scoreNames(rows), scorers), [rows, scorers]);
  // filtering 10,000 rows on every keystroke would make typing lag: filter with a deferred copy
  const deferredQuery = useDeferredValue(params.toString());
  const shown = useMemo(() => applyFilter(rows, filterFromParams(new URLSearchParams(deferredQuery))), [rows, deferredQuery]);
  const [open, setOpen] = useState<Set<string>>(() => new Set());
  const [draft, setDraft] = useState<{ score: string; op: Op; value: string }>({ score: "", op: "<", value: "0.5" });

  const update = (next: Partial<RowFilter>) => setParams(filterToParams({ ...filter, ...next }, params), { replace: true });
  const toggle = (key: string) =>
    setOpen((cur) => {
      const next = new Set(cur);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const sortBy = (key: string) => {
    if (filter.sort === key) update({ order: filter.order === "asc" ? "desc" : "asc" });
    else update({ sort: key, order: key.startsWith("score:") ? "asc" : "asc" });
  };
  const arrow = (key: string) => (filter.sort === key ? (filter.order === "asc" ? " ▲" : " ▼") : "");
  const draftScore = draft.score || scores[0] || "";
  const addCondition = () => {
    const value = Number(draft.value);
    if (!draftScore || draft.value.trim() === "" || Number.isNaN(value)) return;
    update({ where: [...filter.where, { score: draftScore, op: draft.op, value }] });
  };

  return (
    <section className="eval-rows">
      <h2>Rows</h2>
      <div className="toolbar">
        <label>
          Search
          <input
            data-testid="filter-q"
            type="search"
            placeholder="text in input, output, errors…"
            value={filter.q}
            onChange={(e) => update({ q: e.target.value })}
          />
        </label>
        <label>
          Show
          <select data-testid="filter-status" value={filter.status} onChange={(e) => update({ status: e.target.value as RowFilter["status"] })}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === "all" ? "all rows" : s === "failed" ? "failed only" : s === "passed" ? "passed only" : "errors only"}
              </option>
            ))}
          </select>
        </label>
        {scores.length > 0 && (
          <form
            className="condition-form"
            onSubmit={(e) => {
              e.preventDefault();
              addCondition();
            }}
          >
            <label>
              Score
              <select aria-label="Condition score" value={draftScore} onChange={(e) => setDraft({ ...draft, score: e.target.value })}>
                {scores.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label>
              &nbsp;
              <select aria-label="Condition operator" value={draft.op} onChange={(e) => setDraft({ ...draft, op: e.target.value as Op })}>
                {OPS.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </label>
            <label>
              &nbsp;
              <input
                aria-label="Condition value"
                data-testid="filter-where"
                className="narrow"
                inputMode="decimal"
                value={draft.value}
                onChange={(e) => setDraft({ ...draft, value: e.target.value })}
              />
            </label>
            <button type="submit">Add filter</button>
          </form>
        )}
        {filter.where.map((c, i) => (
          <span className="badge chip" key={`${c.score}${c.op}${c.value}${i}`}>
            {c.score} {c.op} {c.value}
            <button
              type="button"
              className="link"
              aria-label={`Remove filter ${c.score} ${c.op} ${c.value}`}
              onClick={() => update({ where: filter.where.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </span>
        ))}
        <label>
          Sort by
          <select data-testid="filter-sort" value={filter.sort} onChange={(e) => update({ sort: e.target.value })}>
            <option value="index">dataset order</option>
            {scores.map((s) => (
              <option key={s} value={`score:${s}`}>
                {s}
              </option>
            ))}
            <option value="latency">latency</option>
            <option value="cost">cost</option>
          </select>
        </label>
        <button type="button" onClick={() => update({ order: filter.order === "asc" ? "desc" : "asc" })} title="Reverse the order">
          {filter.order === "asc" ? "ascending ▲" : "descending ▼"}
        </button>
        {isFiltering(filter) && (
          <button type="button" className="link" onClick={() => update({ q: "", status: "all", where: [] })}>
            Clear filters
          </button>
        )}
        <span className="muted count" aria-live="polite">
          {shown.length === rows.length ? `${rows.length} rows` : `${shown.length} of ${rows.length} rows`}
          {!complete && ` (loading ${rows.length} / ${total}…)`}
          {complete && total > rows.length && ` — only the first ${rows.length} of ${total} rows are loaded`}
        </span>
      </div>
      {rows.length === 0 && complete ? (
        <Empty title="This evaluation has no rows">Rows arrive with POST …/evaluations/{"{id}"}/rows; the JUnit extension sends them when the test ends.</Empty>
      ) : shown.length === 0 && complete ? (
        <Empty title="No row matches these filters">
          <button type="button" onClick={() => update({ q: "", status: "all", where: [] })}>
            Clear filters
          </button>
        </Empty>
      ) : (
        <VirtualTable
          items={shown}
          itemKey={(r) => `${r.index}:${r.trial}`}
          className="grid eval-table"
          columnWidths={["64px", "34%", "14%", "30%", ...scores.map(() => "92px"), "80px", "64px"]}
          header={
            <tr>
              <th className="num">
                <button type="button" className="sort" onClick={() => sortBy("index")}>
                  #{arrow("index")}
                </button>
              </th>
              <th>Input</th>
              <th>Expected</th>
              <th>Output</th>
              {scores.map((s) => (
                <th key={s} className="num">
                  <button type="button" className="sort" onClick={() => sortBy(`score:${s}`)} title={`Sort by ${s}`}>
                    {s}
                    {arrow(`score:${s}`)}
                  </button>
                </th>
              ))}
              <th className="num">
                <button type="button" className="sort" onClick={() => sortBy("latency")}>
                  Latency{arrow("latency")}
                </button>
              </th>
              <th>Trace</th>
            </tr>
          }
          renderItem={(r) => {
            const key = `${r.index}:${r.trial}`;
            const isOpen = open.has(key);
            const split = splitInput(r.input);
            return (
              <Fragment>
                <tr
                  data-testid="eval-row"
                  className={`clickable${hasError(r) ? " row-error" : ""}${isOpen ? " open" : ""}`}
                  aria-expanded={isOpen}
                  onClick={() => toggle(key)}
                  tabIndex={0}
                  onKeyDown={(ev) => {
                    if (ev.target === ev.currentTarget && (ev.key === "Enter" || ev.key === " ")) {
                      ev.preventDefault();
                      toggle(key);
                    }
                  }}
                >
                  <td className="num mono" title={r.rowId ?? undefined}>
                    {r.index}
                    {r.trial > 0 && <span className="muted">.{r.trial}</span>}
                  </td>
                  <td className="cell-json">
                    <JsonCell value={split.input} max={70} />
                  </td>
                  <td className="cell-json">
                    <JsonCell value={split.expected} max={40} />
                  </td>
                  <td className="cell-json">
                    {r.error ? <span className="error-text">{r.error}</span> : <JsonCell value={r.output} max={60} />}
                  </td>
                  {scores.map((s) => (
                    <ScoreCell key={s} row={r} score={s} />
                  ))}
                  <td className="num">{formatDuration(r.latencyMs)}</td>
                  <td>
                    <TraceLink project={project} traceId={r.traceId} />
                  </td>
                </tr>
                {isOpen && (
                  <tr className="row-detail">
                    <td colSpan={6 + scores.length}>
                      <RowDetail row={r} />
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

function ScoreCell({ row, score }: { row: EvalRowModel; score: string }) {
  const v = row.scores[score];
  const passed = row.passed[score];
  const err = row.scorerErrors[score];
  if (v === undefined) {
    return (
      <td className="num muted" title={err ?? row.error ?? "no score"}>
        {err ? <span className="error-text">error</span> : "–"}
      </td>
    );
  }
  return (
    <td className={`num score${passed === false ? " fail" : passed === true ? " pass" : ""}`} title={row.reasons[score]}>
      {formatScore(v)}
    </td>
  );
}

function RowDetail({ row }: { row: EvalRowModel }) {
  const { project } = useProjectApi();
  return (
    <div className="row-detail-body">
      <div className="detail-meta muted">
        row {row.index}
        {row.rowId && <> · id {row.rowId}</>}
        {row.trial > 0 && <> · trial {row.trial}</>} · digest <span className="mono">{row.rowDigest.slice(0, 12)}</span>
        {row.inputTokens != null && <> · {row.inputTokens} in / {row.outputTokens ?? "–"} out tokens</>}
        {row.costUsd != null && <> · {formatCost(row.costUsd)}</>}
        {row.traceId && (
          <>
            {" · "}
            <TraceLink project={project} traceId={row.traceId} label="open trace" />
          </>
        )}
      </div>
      {row.error && <div className="error-text">Model error: {row.error}</div>}
      {Object.entries(row.scorerErrors).map(([k, v]) => (
        <div className="error-text" key={k}>
          Scorer {k} failed: {v}
        </div>
      ))}
      <div className="detail-grid">
        <JsonBlock label="Input (the dataset row)" value={row.input} />
        <JsonBlock label="Output" value={row.output ?? undefined} />
      </div>
      {Object.keys(row.scores).length > 0 && (
        <table className="grid compact">
          <thead>
            <tr>
              <th>Score</th>
              <th className="num">Value</th>
              <th>Passed</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(row.scores).map(([k, v]) => (
              <tr key={k}>
                <td>{k}</td>
                <td className="num">{formatScore(v)}</td>
                <td>{row.passed[k] === undefined ? "–" : row.passed[k] ? "yes" : "no"}</td>
                <td className="wrap">{row.reasons[k] ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
