import { useInfiniteQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, IgnoredParams, Loading } from "../../components/States";
import { formatCost, formatDuration, formatTime, formatTokens } from "../../components/format";
import { readTimeWindow, timeWindowQuery } from "../../components/timeRange";
import { fetchSessionTraces, type TraceSummary } from "./api";
import { buildTimeline, type Turn } from "./timeline";

const PAGE = 100;

/**
 * One session as a conversation: its traces in order, each linking to the trace. Opened from a
 * sessions list with a time range, it shows the traces of that range (`from`/`to` in the URL).
 */
export function SessionPage() {
  const { project, api } = useProjectApi();
  const { sessionId = "" } = useParams();
  const [params] = useSearchParams();
  const { range, problems } = useMemo(() => {
    const { window, problems } = readTimeWindow(params);
    return { range: timeWindowQuery(window), problems };
  }, [params]);
  const query = useInfiniteQuery({
    queryKey: [project, "session", sessionId, range.from ?? "", range.to ?? ""],
    queryFn: ({ pageParam, signal }) => fetchSessionTraces(api, project, sessionId, PAGE, range, pageParam || undefined, signal),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor || undefined,
  });
  const traces = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const { turns, totals } = useMemo(() => buildTimeline(traces), [traces]);
  const base = `/p/${encodeURIComponent(project)}`;

  let content;
  if (query.isError) content = <ErrorState error={query.error} retry={() => void query.refetch()} />;
  else if (query.isPending) content = <Loading label="Loading the session…" />;
  else if (turns.length === 0 && (range.from || range.to))
    content = (
      <Empty title="No traces of this session in the time range">
        <Link to={`${base}/sessions/${encodeURIComponent(sessionId)}`}>Show the whole session</Link>
      </Empty>
    );
  else if (turns.length === 0)
    content = (
      <Empty title="No traces in this session">
        No trace carries the session id <code>{sessionId}</code>. <Link to={`${base}/sessions`}>All sessions</Link>
      </Empty>
    );
  else
    content = (
      <>
        <dl className="session-totals card">
          <div>
            <dt>Traces</dt>
            <dd>
              {totals.traces}
              {query.hasNextPage ? "+" : ""}
            </dd>
          </div>
          <div>
            <dt>Errors</dt>
            <dd className={totals.errors ? "error-text" : undefined}>{totals.errors}</dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd>{formatTokens(totals.totalTokens)}</dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd>{formatCost(totals.costUsd)}</dd>
          </div>
          <div>
            <dt>Started</dt>
            <dd>{formatTime(turns[0].trace.startTime)}</dd>
          </div>
          <div>
            <dt>Length</dt>
            <dd>{formatDuration(totals.spanMs)}</dd>
          </div>
        </dl>
        <ol className="timeline" data-testid="session-timeline">
          {turns.map((turn) => (
            <TurnItem key={turn.trace.traceId} turn={turn} base={base} />
          ))}
        </ol>
        {query.hasNextPage && (
          <button type="button" className="load-more" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? "Loading…" : `Load the next ${PAGE} traces`}
          </button>
        )}
      </>
    );

  return (
    <div className="session-page">
      <div className="page-head">
        <div>
          <div className="crumbs">
            <Link to={`${base}/sessions`}>Sessions</Link> /
          </div>
          <h1 className="mono">{sessionId}</h1>
        </div>
        <div className="spacer" />
        <Link to={`${base}/traces?session=${encodeURIComponent(sessionId)}`}>Filter the trace list by this session</Link>
      </div>
      <IgnoredParams problems={problems} testId="session-problems" />
      {(range.from || range.to) && (
        <p className="muted" data-testid="session-range">
          Traces that started {range.from ? `from ${formatTime(range.from)}` : ""}
          {range.to ? ` until ${formatTime(range.to)}` : ""} ·{" "}
          <Link to={`${base}/sessions/${encodeURIComponent(sessionId)}`}>Show the whole session</Link>
        </p>
      )}
      {content}
    </div>
  );
}

function TurnItem({ turn, base }: { turn: Turn<TraceSummary>; base: string }) {
  const t = turn.trace;
  return (
    <li className={`turn${t.status === "error" ? " turn-error" : ""}`} data-testid="trace-row">
      {turn.gapMs !== undefined && turn.gapMs >= 1000 && <div className="turn-gap muted">{formatDuration(turn.gapMs)} later</div>}
      <div className="turn-card card">
        <span className="turn-index" aria-label={`turn ${turn.index}`}>
          {turn.index}
        </span>
        <div className="turn-main">
          <div className="turn-title">
            <Link className="trace-link" to={`${base}/traces/${encodeURIComponent(t.traceId)}`}>
              {t.name || "(unnamed)"}
            </Link>
            {t.complete === false && <span className="badge incomplete">incomplete</span>}
            <span className={`badge ${t.status === "error" ? "error" : "ok"}`}>{t.status === "error" ? "error" : "ok"}</span>
          </div>
          <div className="turn-meta muted">
            <span className="mono" title={t.startTime}>
              {formatTime(t.startTime)}
            </span>
            <span>{turn.index === 1 ? "session start" : `+${formatDuration(turn.offsetMs)}`}</span>
            <span>took {formatDuration(t.durationMs)}</span>
            <span>{t.spanCount} spans</span>
            {t.totalTokens ? (
              <span title={`input ${t.inputTokens} · output ${t.outputTokens}`}>{formatTokens(t.totalTokens)} tokens</span>
            ) : null}
            {t.costUsd ? <span>{formatCost(t.costUsd)}</span> : null}
            {t.models?.length ? <span>{t.models.join(", ")}</span> : null}
          </div>
          {(t.inputPreview || t.outputPreview) && (
            <div className="turn-exchange">
              {t.inputPreview && (
                <p className="turn-said" data-side="input">
                  <span className="muted">in</span> {t.inputPreview}
                </p>
              )}
              {t.outputPreview && (
                <p className="turn-said" data-side="output">
                  <span className="muted">out</span> {t.outputPreview}
                </p>
              )}
            </div>
          )}
        </div>
      </div>
    </li>
  );
}
