import { useRef, type KeyboardEvent, type ReactNode } from "react";
import { Link } from "react-router";
import { useVirtualizer } from "@tanstack/react-virtual";
import { cacheNote, formatCost, formatDuration, formatTime, formatTimeCompact, formatTokens } from "../../../components/format";
import type { TraceSummary } from "./api";
import type { Order, SortKey } from "./filters";

/** Above this many rows only the visible ones are rendered (live mode can collect hundreds). */
export const VIRTUAL_THRESHOLD = 200;
const ROW_HEIGHT = 35;

interface Props {
  project: string;
  rows: TraceSummary[];
  sort: SortKey;
  order: Order;
  onSort(sort: SortKey): void;
  /** trace ids to highlight briefly (just arrived or just changed in live mode) */
  added?: ReadonlySet<string>;
  updated?: ReadonlySet<string>;
}

const p = (project: string) => `/p/${encodeURIComponent(project)}`;

/**
 * The trace table. Each row is a real link to the trace (its name cell's link stretches over the
 * row, so click, middle-click and "open in new tab" work anywhere on it; Tab reaches it and
 * ↑/↓ move between rows), with its own links to the session and run above that.
 */
export function TraceTable({ project, rows, sort, order, onSort, added, updated }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUAL_THRESHOLD;
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });

  const sortHeader = (key: SortKey, label: string, className?: string) => {
    const active = sort === key;
    return (
      <th className={className} aria-sort={active ? (order === "asc" ? "ascending" : "descending") : "none"}>
        <button type="button" className="sort" data-testid={`sort-${key}`} onClick={() => onSort(key)} title={`Sort by ${label.toLowerCase()}`}>
          {label}
          <span className="sort-arrow" aria-hidden="true">
            {active ? (order === "asc" ? " ▲" : " ▼") : " ↕"}
          </span>
        </button>
      </th>
    );
  };

  let body: ReactNode;
  if (virtual) {
    const items = virtualizer.getVirtualItems();
    const top = items.length ? items[0].start : 0;
    const bottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
    body = (
      <>
        {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
        {items.map((item) => (
          <TraceRow key={rows[item.index].traceId} project={project} row={rows[item.index]} added={added} updated={updated} />
        ))}
        {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
      </>
    );
  } else {
    body = rows.map((row) => <TraceRow key={row.traceId} project={project} row={row} added={added} updated={updated} />);
  }

  return (
    <div className={virtual ? "trace-scroll virtual" : "trace-scroll"} ref={scrollRef}>
      <table className="grid trace-table" aria-label="Traces">
        <thead>
          <tr>
            {sortHeader("startTime", "Start")}
            <th>Name</th>
            <th>Input</th>
            <th>Output</th>
            <th>Status</th>
            {sortHeader("duration", "Duration", "num")}
            <th className="num">Spans</th>
            {sortHeader("tokens", "Tokens", "num")}
            {sortHeader("cost", "Cost", "num")}
            <th>Models</th>
            <th>Session</th>
            <th>Run</th>
          </tr>
        </thead>
        <tbody onKeyDown={moveFocus}>{body}</tbody>
      </table>
    </div>
  );
}

/** ↑/↓ on a row's link focuses the previous/next row's link. */
function moveFocus(e: KeyboardEvent<HTMLTableSectionElement>) {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  const target = e.target as HTMLElement;
  if (!target.classList.contains("trace-link")) return;
  const row = target.closest("tr");
  const sibling = (e.key === "ArrowDown" ? row?.nextElementSibling : row?.previousElementSibling) as HTMLElement | null;
  const link = sibling?.querySelector<HTMLElement>("a.trace-link");
  if (link) {
    e.preventDefault();
    link.focus();
    link.scrollIntoView?.({ block: "nearest" });
  }
}

function TraceRow({
  project,
  row,
  added,
  updated,
}: {
  project: string;
  row: TraceSummary;
  added?: ReadonlySet<string>;
  updated?: ReadonlySet<string>;
}) {
  const classes = ["trace-row"];
  if (added?.has(row.traceId)) classes.push("row-new");
  else if (updated?.has(row.traceId)) classes.push("row-updated");
  if (row.status === "error") classes.push("row-error");
  const models = row.models ?? [];
  return (
    <tr className={classes.join(" ")} data-testid="trace-row" data-trace-id={row.traceId}>
      <td className="mono muted" title={`${formatTime(row.startTime)} (${row.startTime})`}>
        {formatTimeCompact(row.startTime)}
      </td>
      <td className="trace-name">
        <Link className="trace-link" to={`${p(project)}/traces/${encodeURIComponent(row.traceId)}`} title={row.traceId}>
          {row.name || <span className="muted">(unnamed)</span>}
        </Link>
        {row.complete === false && (
          <span className="badge incomplete" title="The root span has not arrived yet: the name is the earliest span's, and more spans may come.">
            incomplete
          </span>
        )}
      </td>
      <PreviewCell text={row.inputPreview} />
      <PreviewCell text={row.outputPreview} />
      <td>
        <span className={`badge ${row.status === "error" ? "error" : "ok"}`}>
          {row.status === "error" ? (row.errorCount > 1 ? `${row.errorCount} errors` : "error") : "ok"}
        </span>
      </td>
      <td className="num">{formatDuration(row.durationMs)}</td>
      <td className="num">{row.spanCount}</td>
      <td className="num" title={`input ${row.inputTokens ?? 0}${cacheNote(row)} · output ${row.outputTokens ?? 0} · total ${row.totalTokens ?? 0}`}>
        {row.totalTokens ? (
          <>
            {formatTokens(row.totalTokens)}{" "}
            <span className="muted tokens-split">
              {formatTokens(row.inputTokens)} in · {formatTokens(row.outputTokens)} out
            </span>
          </>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
      <td className="num">{row.costUsd ? formatCost(row.costUsd) : <span className="muted">–</span>}</td>
      <td className="models" title={models.join(", ")}>
        {models.length ? models.slice(0, 2).join(", ") + (models.length > 2 ? ` +${models.length - 2}` : "") : <span className="muted">–</span>}
      </td>
      <td className="above-link">
        {row.sessionId ? (
          <Link to={`${p(project)}/sessions/${encodeURIComponent(row.sessionId)}`} title={`Session ${row.sessionId}`}>
            {row.sessionId}
          </Link>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
      <td className="above-link">
        {row.runId ? (
          <Link to={`${p(project)}/runs/${encodeURIComponent(row.runId)}`} title={`Run ${row.runId}`}>
            {row.runId}
          </Link>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
    </tr>
  );
}

/** The start of a trace's input or output (the server cuts it to 300 characters); hover shows it all. */
function PreviewCell({ text }: { text: string | null | undefined }) {
  return (
    <td className="preview" title={text ?? undefined}>
      {text ? text : <span className="muted">–</span>}
    </td>
  );
}
