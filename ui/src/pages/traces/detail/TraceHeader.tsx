import { Link } from "react-router";
import type { Schemas } from "../../../api/client";
import { DeleteTrace } from "./DeleteTrace";
import { cacheNote, formatCost, formatDuration, formatTime, formatTokens } from "../../../components/format";

/** The trace summary: name, status, start, duration, spans, tokens, cost, models, session and run links. */
export function TraceHeader({ summary, project }: { summary: Schemas["TraceSummary"]; project: string }) {
  const p = `/p/${encodeURIComponent(project)}`;
  return (
    <header className="td-header">
      <div className="td-title">
        <Link to={`${p}/traces`} className="muted">
          Traces
        </Link>
        <span className="muted">/</span>
        <h1 title={summary.name}>{summary.name}</h1>
        <span className={`badge ${summary.status === "error" ? "error" : "ok"}`}>
          {summary.status === "error" ? `${summary.errorCount} error${summary.errorCount === 1 ? "" : "s"}` : "ok"}
        </span>
        {!summary.complete && <span className="badge incomplete">incomplete</span>}
        <DeleteTrace traceId={summary.traceId} spanCount={summary.spanCount} />
      </div>
      <dl className="td-summary">
        <div><dt>Start</dt><dd>{formatTime(summary.startTime)}</dd></div>
        <div><dt>Duration</dt><dd>{formatDuration(summary.durationMs)}</dd></div>
        <div><dt>Spans</dt><dd>{summary.spanCount.toLocaleString("en-US")}</dd></div>
        <div>
          <dt>Tokens</dt>
          <dd title={`${summary.inputTokens} in${cacheNote(summary)}, ${summary.outputTokens} out`}>
            {formatTokens(summary.totalTokens)} <span className="muted">({formatTokens(summary.inputTokens)} in{cacheNote(summary)} · {formatTokens(summary.outputTokens)} out)</span>
          </dd>
        </div>
        <div><dt>Cost</dt><dd>{formatCost(summary.costUsd)}</dd></div>
        {summary.models.length > 0 && <div><dt>Models</dt><dd>{summary.models.join(", ")}</dd></div>}
        {summary.sessionId && (
          <div><dt>Session</dt><dd><Link to={`${p}/sessions/${encodeURIComponent(summary.sessionId)}`}>{summary.sessionId}</Link></dd></div>
        )}
        {summary.runId && (
          <div><dt>Run</dt><dd><Link to={`${p}/runs/${encodeURIComponent(summary.runId)}`}>{summary.runId}</Link></dd></div>
        )}
        <div><dt>Trace id</dt><dd><code>{summary.traceId}</code></dd></div>
      </dl>
    </header>
  );
}
