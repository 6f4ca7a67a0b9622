import { useCallback, useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, IgnoredParams, Loading } from "../../components/States";
import { useCursorPaging } from "../../components/cursorPaging";
import { Pager } from "../../components/Pager";
import { describeCount, fetchFacets, fetchTraceCount, fetchTraces, suggestionsOf, type TraceSummary } from "./list/api";
import { FilterBar } from "./list/FilterBar";
import {
  EMPTY_FILTERS,
  hasFilters,
  liveBlocker,
  parseView,
  toApiQuery,
  toCountQuery,
  toSearchParams,
  toggleSort,
  withFilters,
  type SortKey,
  type TraceFilters,
  type TraceView,
} from "./list/filters";
import { mergeLive } from "./list/live";
import { TraceTable } from "./list/TraceTable";
import { useDocumentVisible } from "./list/useDocumentVisible";

/** How often live mode asks for new traces. */
export const LIVE_INTERVAL_MS = 2500;

/** How often live mode recounts the matching traces (a count reads up to 10,001 of them). */
export const LIVE_COUNT_INTERVAL_MS = 30_000;

const NONE: ReadonlySet<string> = new Set();

interface Shown {
  /** the query (filters, sort, page) these rows belong to */
  key: string;
  items: TraceSummary[];
  nextCursor?: string | null;
  added: ReadonlySet<string>;
  updated: ReadonlySet<string>;
}

/** A view's identity for the rows on screen: everything but live mode. */
function viewKey(view: TraceView): string {
  return toSearchParams({ ...view, live: false }).toString();
}

/** Traces of the project: filters, sort and page in the URL, keyset paging, live mode. */
export function TracesPage() {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const { view, problems } = useMemo(() => parseView(params), [params]);
  const paging = useCursorPaging();
  const visible = useDocumentVisible();
  const blocker = liveBlocker(view);
  const live = view.live && !blocker;
  const key = `${project}?${viewKey(view)}`;

  /** Applies a change to the view from the URL as it is now (never a stale copy), as a new history entry. */
  const update = useCallback(
    (change: (current: TraceView) => TraceView) => setParams((current) => toSearchParams(change(parseView(current).view))),
    [setParams],
  );
  const onFilters = useCallback((patch: Partial<TraceFilters>) => update((v) => withFilters(v, patch)), [update]);
  const onClear = useCallback(() => update((v) => ({ ...v, filters: EMPTY_FILTERS, cursor: undefined })), [update]);
  const onSort = useCallback((sort: SortKey) => update((v) => toggleSort(v, sort)), [update]);

  const query = useQuery({
    queryKey: [project, "traces", key],
    queryFn: ({ signal }) => fetchTraces(api, project, toApiQuery(view), signal),
    // while another page or filter loads, the old rows stay (dimmed) — but never another project's
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[0] === project ? previous : undefined),
    refetchInterval: live && visible ? LIVE_INTERVAL_MS : false,
    refetchIntervalInBackground: false,
  });

  // The count depends on the filters only: paging and sorting do not ask for it again. A text or
  // attribute filter would make it read the spans of every trace in range, so it is not asked for.
  const filtersKey = JSON.stringify(view.filters);
  const count = useQuery({
    queryKey: [project, "trace-count", filtersKey],
    queryFn: ({ signal }) => fetchTraceCount(api, project, toCountQuery(view), signal),
    enabled: !view.filters.q && view.filters.attr.length === 0,
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[0] === project ? previous : undefined),
    refetchInterval: live && visible ? LIVE_COUNT_INTERVAL_MS : false,
    refetchIntervalInBackground: false,
  });

  // The box flips at once; the URL (the source of truth) follows a moment later.
  const [liveChecked, setLiveChecked] = useState(view.live);
  useEffect(() => setLiveChecked(view.live), [view.live]);

  const [shown, setShown] = useState<Shown>();
  useEffect(() => {
    const data = query.data;
    if (!data || query.isPlaceholderData) return;
    setShown((prev) => {
      if (!prev || prev.key !== key || !live) {
        return { key, items: data.items, nextCursor: data.nextCursor, added: NONE, updated: NONE };
      }
      const merged = mergeLive(prev, data);
      if (merged.items === prev.items && prev.added.size === 0 && prev.updated.size === 0) return prev;
      return { key, items: merged.items, nextCursor: merged.nextCursor, added: new Set(merged.added), updated: new Set(merged.updated) };
    });
    // dataUpdatedAt: a poll that returns equal data still counts as an answer
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query.data, query.dataUpdatedAt, query.isPlaceholderData, key]);

  const current = shown && shown.key === key ? shown : undefined;
  const rows = current?.items ?? query.data?.items;
  const nextCursor = current ? current.nextCursor : query.data?.nextCursor;

  // Suggestions are a convenience: they are asked for only once the user turns to the filters
  // (the facets query scans the last week of traces, which the first paint should not wait on), and
  // a failed request leaves them to the rows on screen.
  const [wantFacets, setWantFacets] = useState(false);
  const facets = useQuery({
    queryKey: [project, "trace-facets"],
    queryFn: ({ signal }) => fetchFacets(api, project, signal),
    staleTime: 60_000,
    enabled: wantFacets,
  });
  const suggestions = useMemo(() => suggestionsOf(rows, facets.data), [rows, facets.data]);

  const origin = typeof window === "undefined" ? "http://localhost:8080" : window.location.origin;
  let content;
  const staleError = query.isRefetchError && rows !== undefined;
  if (query.isError && !staleError) {
    content = <ErrorState error={query.error} retry={() => void query.refetch()} />;
  } else if (rows === undefined) {
    content = <Loading label="Loading traces…" />;
  } else if (rows.length === 0 && paging.cursor) {
    content = (
      <Empty title="No more traces">
        <button type="button" onClick={paging.first}>
          Back to the first page
        </button>
      </Empty>
    );
  } else if (rows.length === 0 && hasFilters(view.filters)) {
    content = (
      <Empty title="No traces match these filters">
        <button type="button" onClick={onClear}>
          Clear filters
        </button>
      </Empty>
    );
  } else if (rows.length === 0) {
    content = (
      <Empty title="No traces yet">
        <p>Point an OpenTelemetry OTLP exporter (HTTP or gRPC) at this server with a key that may ingest:</p>
        <pre className="json otlp-hint">
          {`OTEL_EXPORTER_OTLP_ENDPOINT=${origin}\nOTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer <ingest key of ${project}>"`}
        </pre>
        <p className="muted">Spans go to {origin}/v1/traces (protobuf or JSON) or port 4317 (gRPC); traces appear here within a second.</p>
        <p className="muted">
          Prompts and answers that an instrumentation sends as log events (the OpenTelemetry Java agent with{" "}
          <code>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true</code>) go to {origin}/v1/logs and show on their spans.
        </p>
        <p className="muted">
          An admin key creates an ingest key in <Link to={`/p/${encodeURIComponent(project)}/settings`}>Settings</Link>.
        </p>
      </Empty>
    );
  } else {
    content = (
      <TraceTable
        project={project}
        rows={rows}
        sort={view.sort}
        order={view.order}
        onSort={onSort}
        added={current?.added}
        updated={current?.updated}
      />
    );
  }

  return (
    <div className="traces-page">
      <div className="page-head">
        <h1>Traces</h1>
        {count.data && count.isEnabled && (
          <span className={`muted trace-count${count.isPlaceholderData ? " is-stale" : ""}`} data-testid="trace-count">
            {describeCount(count.data)}
          </span>
        )}
        <div className="spacer" />
        {query.isFetching && rows !== undefined && !live && <span className="muted refreshing">Updating…</span>}
        <label className={`live-toggle${live ? " on" : ""}`} title={blocker ?? "Poll for new traces every few seconds"}>
          <input
            type="checkbox"
            data-testid="live-toggle"
            checked={liveChecked}
            disabled={blocker !== undefined && !view.live}
            onChange={(e) => {
              const on = e.target.checked;
              setLiveChecked(on);
              update((v) => ({ ...v, live: on }));
            }}
          />
          <span className="live-dot" aria-hidden="true" />
          Live
        </label>
        {(view.live || blocker) && (
          <span className="muted live-status" role="status" data-testid="live-status">
            {blocker ? (view.live ? `Live is off. ${blocker}` : blocker) : visible ? "watching for new traces" : "paused while the tab is hidden"}
          </span>
        )}
        <button
          type="button"
          onClick={() => {
            void query.refetch();
            void count.refetch();
          }}
          disabled={query.isFetching}
          title="Load this page and the count again"
        >
          Refresh
        </button>
      </div>
      <FilterBar
        filters={view.filters}
        onChange={onFilters}
        onClear={onClear}
        suggestions={suggestions}
        onSuggest={() => setWantFacets(true)}
      />
      <IgnoredParams problems={problems}>
        <button type="button" onClick={() => setParams(toSearchParams(view), { replace: true })}>
          Remove them from the URL
        </button>
      </IgnoredParams>
      {staleError && (
        <div className="url-problems" role="alert" data-testid="refresh-error">
          Could not refresh the list ({query.error instanceof Error ? query.error.message : String(query.error)}); showing the last answer
          {live ? ", live mode keeps trying." : "."}
        </div>
      )}
      <div className={query.isPlaceholderData ? "is-stale" : undefined} aria-busy={query.isPlaceholderData || undefined}>
        {content}
      </div>
      {rows !== undefined && rows.length > 0 && !(query.isError && !staleError) && (
        <Pager
          count={rows.length}
          noun="trace"
          paging={paging}
          nextCursor={nextCursor}
          limit={view.limit}
          onLimit={(limit) => update((v) => ({ ...v, limit, cursor: undefined }))}
        />
      )}
    </div>
  );
}
