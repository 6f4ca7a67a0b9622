import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError, shouldRetry, unwrap, type Schemas } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { ErrorState, Loading } from "../../components/States";
import { CopyButton } from "./detail/SpanDetail";
import { SpanDetail } from "./detail/SpanDetail";
import { SpanTimeline } from "./detail/SpanTimeline";
import { TraceHeader } from "./detail/TraceHeader";
import { buildSpanTree, firstError, nameFilter, parentIds, revealed, visibleRows } from "./detail/spanTree";
import { axisLength, zoomWindow } from "./detail/waterfall";

type TraceSpans = Schemas["TraceSpans"];

/**
 * One trace: summary, span tree with waterfall, and the selected span (`?span=<spanId>`). The tree
 * comes from the light span list, so a 10,000-span trace loads in one small request; a span's
 * attributes and messages are loaded when it is selected.
 */
export function TraceDetailPage() {
  const { traceId = "" } = useParams();
  const { project, api } = useProjectApi();
  const query = useQuery({
    queryKey: [project, "trace-spans", traceId],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/traces/{traceId}/spans", { params: { path: { project, traceId } } })),
    // A trace whose root has not arrived yet is refreshed until it is complete.
    refetchInterval: (q) => (q.state.data && !q.state.data.summary.complete ? 5000 : false),
    retry: shouldRetry,
  });
  const tracesLink = `/p/${encodeURIComponent(project)}/traces`;

  if (query.isPending) return <Loading label="Loading trace…" />;
  if (query.isError) {
    const status = query.error instanceof ApiError ? query.error.status : 0;
    if (status === 404 || status === 400)
      return (
        <div className="state state-error" role="alert">
          <strong>{status === 404 ? "Trace not found" : "Not a trace id"}</strong>
          <p>{query.error.message}</p>
          <p className="hint">
            It may have been removed by retention, or the link points to another project. <Link to={tracesLink}>Back to the traces</Link>
          </p>
        </div>
      );
    return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  }
  return <TraceView data={query.data} traceId={traceId} refreshing={query.isFetching} />;
}

function TraceView({ data, traceId, refreshing }: { data: TraceSpans; traceId: string; refreshing: boolean }) {
  const { project } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const tree = useMemo(() => buildSpanTree(data.spans), [data.spans]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());
  const filterText = params.get("filter") ?? "";
  const filter = useMemo(() => nameFilter(filterText), [filterText]);
  const rows = useMemo(() => visibleRows(tree, collapsed, filter), [tree, collapsed, filter]);
  const totalMs = useMemo(() => axisLength(data.summary.durationMs, data.spans), [data]);
  const spanParam = params.get("span");
  const selected = spanParam != null && tree.index.has(spanParam) ? tree.index.get(spanParam)! : tree.roots[0] ?? -1;
  // Focus is kept by span id: indices change when a refresh brings spans of an arriving trace.
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focused = focusedId != null ? (tree.index.get(focusedId) ?? -1) : -1;
  const setFocused = useCallback((node: number) => setFocusedId(tree.spans[node]?.spanId ?? null), [tree]);
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const zoomTo = useCallback(
    (node: number) => {
      const s = tree.spans[node];
      setZoom(zoomWindow(s.offsetMs, s.durationMs, totalMs));
    },
    [tree, totalMs],
  );

  const update = useCallback(
    (change: (p: URLSearchParams) => void) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          change(next);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const select = useCallback(
    (node: number) => {
      setCollapsed((c) => revealed(tree, c, node));
      setFocused(node);
      update((p) => p.set("span", tree.spans[node].spanId));
    },
    [tree, update],
  );
  const toggle = useCallback(
    (node: number, expand: boolean) =>
      setCollapsed((c) => {
        const next = new Set(c);
        const id = tree.spans[node].spanId;
        if (expand) next.delete(id);
        else next.add(id);
        return next;
      }),
    [tree],
  );
  const errorNode = useMemo(() => firstError(tree), [tree]);
  const selectedId = selected >= 0 ? tree.spans[selected].spanId : null;
  const spanLink = `${window.location.origin}/p/${encodeURIComponent(project)}/traces/${traceId}${selectedId ? `?span=${selectedId}` : ""}`;

  return (
    <div className="td-page">
      <TraceHeader summary={data.summary} project={project} />
      {!data.summary.complete && (
        <p className="td-banner" role="status">
          This trace is still arriving: its root span has not been received yet. Showing the {data.spans.length} spans received so far{refreshing ? " (refreshing…)" : "; refreshed every 5 s"}.
        </p>
      )}
      {data.summary.complete && tree.orphans > 0 && (
        <p className="td-banner" role="status">
          {tree.orphans} span{tree.orphans === 1 ? "'s" : "s'"} parent was never received; {tree.orphans === 1 ? "it is" : "they are"} shown as roots.
        </p>
      )}
      <div className="td-main">
        <div className="td-left">
          <div className="toolbar td-toolbar">
            <input
              type="search"
              placeholder="Find spans"
              title="Name, kind or model"
              aria-label="Find spans"
              value={filterText}
              onChange={(e) => update((p) => (e.target.value ? p.set("filter", e.target.value) : p.delete("filter")))}
            />
            <button type="button" onClick={() => setCollapsed(new Set())} disabled={collapsed.size === 0}>
              Expand all
            </button>
            <button type="button" onClick={() => setCollapsed(parentIds(tree))}>
              Collapse all
            </button>
            <button type="button" disabled={errorNode < 0} onClick={() => errorNode >= 0 && select(errorNode)} title={errorNode < 0 ? "No span failed" : undefined}>
              Jump to first error
            </button>
            <button type="button" disabled={selected < 0} onClick={() => zoomTo(selected)} title="Zoom the timeline to the selected span (or double click a bar)">
              Zoom to span
            </button>
            {zoom && (
              <button type="button" onClick={() => setZoom(null)}>
                Reset zoom
              </button>
            )}
          </div>
          {rows.length === 0 ? (
            <p className="state">No span matches “{filterText}”.</p>
          ) : (
            <SpanTimeline
              tree={tree}
              rows={rows}
              collapsed={collapsed}
              filtering={filter != null}
              selected={selected}
              focused={focused}
              windowMs={zoom ?? [0, totalMs]}
              spanCount={data.spans.length}
              highlight={filterText}
              onFocus={setFocused}
              onZoom={zoomTo}
              onSelect={select}
              onToggle={toggle}
            />
          )}
        </div>
        <div className="td-right">
          {selectedId ? (
            <SpanDetail key={selectedId} traceId={traceId} spanId={selectedId} spanLink={spanLink} />
          ) : (
            <p className="state">This trace has no spans yet.</p>
          )}
          {spanParam && !tree.index.has(spanParam) && (
            <p className="td-banner">
              Span <code>{spanParam}</code> from the link is not in this trace (yet); showing the root. <CopyButton text={spanLink} label="Copy link to the root" />
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
