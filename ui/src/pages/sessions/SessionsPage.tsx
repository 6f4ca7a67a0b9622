import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, IgnoredParams, Loading } from "../../components/States";
import { useCursorPaging } from "../../components/cursorPaging";
import { Pager } from "../../components/Pager";
import { TimeRangeFields } from "../../components/TimeRangeFields";
import { readTimeWindow, timeWindowQuery, writeTimeWindow, type TimeWindow } from "../../components/timeRange";
import { formatCost, formatDuration, formatTime, formatTokens } from "../../components/format";
import { fetchSessions, type SessionSummary } from "./api";

const DEFAULT_LIMIT = 50;

/** The page size from the URL; anything but a whole number 1–1000 falls back to the default. */
export function sessionLimit(value: string | null): number {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n >= 1 && n <= 1000 ? n : DEFAULT_LIMIT;
}

/**
 * Sessions (conversations) of the project, most recently active first, keyset paged; a time range
 * keeps the traces that start in it (a session is listed when one of its traces does, with the
 * figures of those traces).
 */
export function SessionsPage() {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const paging = useCursorPaging();
  const limit = sessionLimit(params.get("limit"));
  const { window, problems } = readTimeWindow(params);
  const query = useQuery({
    queryKey: [project, "sessions", limit, paging.cursor ?? "", window.range ?? "", window.from ?? "", window.to ?? ""],
    queryFn: ({ signal }) => fetchSessions(api, project, limit, timeWindowQuery(window), paging.cursor, signal),
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[0] === project ? previous : undefined),
  });
  const items = query.data?.items;
  const ranged = window.range !== undefined || window.from !== undefined || window.to !== undefined;
  const setWindow = (patch: TimeWindow) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      for (const name of ["range", "from", "to", "cursor"]) next.delete(name);
      writeTimeWindow(next, { ...readTimeWindow(p).window, ...patch });
      return next;
    });

  let content;
  if (query.isError) content = <ErrorState error={query.error} retry={() => void query.refetch()} />;
  else if (items === undefined) content = <Loading label="Loading sessions…" />;
  else if (items.length === 0 && paging.cursor)
    content = (
      <Empty title="No more sessions">
        <button type="button" onClick={paging.first}>
          Back to the first page
        </button>
      </Empty>
    );
  else if (items.length === 0 && ranged)
    content = (
      <Empty title="No sessions in this time range">
        <button type="button" onClick={() => setWindow({ range: undefined, from: undefined, to: undefined })}>
          Show any time
        </button>
      </Empty>
    );
  else if (items.length === 0)
    content = (
      <Empty title="No sessions yet">
        Traces form a session when their spans carry a session id: <code>weft.session.id</code>, <code>gen_ai.conversation.id</code> or{" "}
        <code>session.id</code> (span or resource attribute).
      </Empty>
    );
  else content = <SessionTable project={project} items={items} range={ranged ? timeWindowQuery(window) : {}} />;

  return (
    <div className="sessions-page">
      <div className="page-head">
        <h1>Sessions</h1>
        <div className="spacer" />
        {query.isFetching && items !== undefined && <span className="muted refreshing">Updating…</span>}
        <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>
          Refresh
        </button>
      </div>
      <div className="toolbar session-filters" role="search" aria-label="Filter sessions">
        <TimeRangeFields value={window} onChange={setWindow} testIdPrefix="sessions" />
        {ranged && <span className="muted">Only traces that start in the range count.</span>}
      </div>
      <IgnoredParams problems={problems} testId="sessions-problems" />
      <div className={query.isPlaceholderData ? "is-stale" : undefined} aria-busy={query.isPlaceholderData || undefined}>
        {content}
      </div>
      {items !== undefined && items.length > 0 && !query.isError && (
        <Pager
          count={items.length}
          noun="session"
          paging={paging}
          nextCursor={query.data?.nextCursor}
          limit={limit}
          onLimit={(n) =>
            setParams((p) => {
              const next = new URLSearchParams(p);
              next.set("limit", String(n));
              next.delete("cursor");
              return next;
            })
          }
        />
      )}
    </div>
  );
}

/** The sessions as a table; each links to its session page, for the same time range. */
function SessionTable({ project, items, range }: { project: string; items: SessionSummary[]; range: { from?: string; to?: string } }) {
  const query = new URLSearchParams(range).toString();
  return (
    <table className="grid session-table" aria-label="Sessions">
      <thead>
        <tr>
          <th>Session</th>
          <th>Last activity</th>
          <th>First activity</th>
          <th className="num">Traces</th>
          <th className="num">Errors</th>
          <th className="num">Tokens</th>
          <th className="num">Cost</th>
          <th className="num">Length</th>
        </tr>
      </thead>
      <tbody>
        {items.map((s) => {
          const first = Date.parse(s.firstStartTime);
          const last = Date.parse(s.lastEndTime ?? s.lastStartTime);
          return (
            <tr key={s.sessionId} className="session-row" data-testid="session-row">
              <td className="session-name">
                <Link className="session-link" to={`/p/${encodeURIComponent(project)}/sessions/${encodeURIComponent(s.sessionId)}${query ? `?${query}` : ""}`}>
                  {s.sessionId}
                </Link>
              </td>
              <td className="mono muted" title={s.lastStartTime}>
                {formatTime(s.lastStartTime)}
              </td>
              <td className="mono muted" title={s.firstStartTime}>
                {formatTime(s.firstStartTime)}
              </td>
              <td className="num">{s.traceCount}</td>
              <td className="num">{s.errorCount ? <span className="badge error">{s.errorCount}</span> : <span className="muted">0</span>}</td>
              <td className="num">{s.totalTokens ? formatTokens(s.totalTokens) : <span className="muted">–</span>}</td>
              <td className="num">{s.costUsd ? formatCost(s.costUsd) : <span className="muted">–</span>}</td>
              <td className="num">{Number.isNaN(first) || Number.isNaN(last) ? "–" : formatDuration(Math.max(0, last - first))}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
