import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useMemo, useRef, type KeyboardEvent } from "react";
import { formatCost, formatDuration, formatTokens } from "../../../components/format";
import { KindBadge } from "./KindBadge";
import { setSize, type SpanTree } from "./spanTree";
import { treeKey } from "./treeNav";
import { barLayout, timeTicks } from "./waterfall";

export const ROW_HEIGHT = 28;
/** Levels indented visually; deeper spans show how many levels more instead, so names stay readable. */
const MAX_INDENT = 12;

export interface SpanTimelineProps {
  tree: SpanTree;
  /** visible node indices, in order */
  rows: number[];
  collapsed: ReadonlySet<string>;
  /** collapsing is off while a filter shows matches with their ancestors */
  filtering: boolean;
  selected: number;
  focused: number;
  /** the part of the trace the waterfall shows, in ms since the trace start */
  windowMs: [number, number];
  /** spans in the trace (the tree may show fewer) */
  spanCount: number;
  /** the span search text, highlighted in names */
  highlight?: string;
  onFocus(node: number): void;
  /** zoom the waterfall to a span (double click on its bar) */
  onZoom(node: number): void;
  onSelect(node: number): void;
  onToggle(node: number, expand: boolean): void;
}

/**
 * The span tree and the waterfall side by side: one scroll container, one virtualiser, two columns
 * rendering the same rows, so they always line up and only the rows on screen exist in the DOM.
 */
export function SpanTimeline(props: SpanTimelineProps) {
  const { tree, rows, collapsed, filtering, selected, focused, windowMs } = props;
  const [fromMs, toMs] = windowMs;
  const scrollRef = useRef<HTMLDivElement>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // jsdom has no layout: render a first screenful there (and before the first measurement).
    initialRect: { width: 1000, height: 600 },
  });
  const position = useMemo(() => {
    const map = new Int32Array(tree.spans.length).fill(-1);
    rows.forEach((node, i) => (map[node] = i));
    return map;
  }, [rows, tree]);
  const ticks = useMemo(() => timeTicks(toMs, 6, fromMs), [fromMs, toMs]);

  // Keep the focused row on screen (keyboard moves, jumps to errors, deep links).
  const focusPos = focused >= 0 ? position[focused] : -1;
  useEffect(() => {
    if (focusPos >= 0) virtualizer.scrollToIndex(focusPos, { align: "auto" });
  }, [focusPos, virtualizer]);

  const { onFocus } = props;
  // A click moves the keyboard focus to the tree too, so arrow keys work right after it.
  const focusRow = useCallback(
    (node: number) => {
      treeRef.current?.focus({ preventScroll: true });
      onFocus(node);
    },
    [onFocus],
  );
  const isCollapsed = (node: number) => !filtering && collapsed.has(tree.spans[node].spanId);
  const onKeyDown = (e: KeyboardEvent) => {
    const action = treeKey(e.key, tree, rows, focused >= 0 && position[focused] >= 0 ? focused : selected, isCollapsed);
    if (!action) return;
    e.preventDefault();
    if (action.type === "focus") props.onFocus(action.node);
    else if (action.type === "select") props.onSelect(action.node);
    else if (!filtering) props.onToggle(action.node, action.type === "expand");
  };
  const items = virtualizer.getVirtualItems();
  const height = virtualizer.getTotalSize();
  const activeId = focused >= 0 ? `td-row-${tree.spans[focused].spanId}` : undefined;

  return (
    <div className="td-timeline">
      <div className="td-head">
        <div className="td-col-tree">
          Spans <span className="muted">({props.spanCount.toLocaleString("en-US")}{rows.length !== props.spanCount ? `, ${rows.length.toLocaleString("en-US")} shown` : ""})</span>
        </div>
        <div className="td-col-wf td-axis" aria-hidden="true">
          {ticks.map((t) => (
            <span key={t.ms} className={`td-tick${t.pct < 3 ? " start" : t.pct > 95 ? " end" : ""}`} style={{ left: `${t.pct}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div className="td-scroll" ref={scrollRef}>
        <div className="td-canvas" style={{ height }}>
          <div
            className="td-col-tree td-tree"
            role="tree"
            aria-label="Spans"
            data-testid="span-tree"
            tabIndex={0}
            ref={treeRef}
            aria-activedescendant={activeId}
            onKeyDown={onKeyDown}
            onFocus={() => focused < 0 && props.onFocus(selected >= 0 ? selected : rows[0])}
          >
            {items.map((item) => {
              const node = rows[item.index];
              const kids = tree.children[node].length > 0;
              return (
                <TreeRow
                  key={tree.spans[node].spanId}
                  tree={tree}
                  node={node}
                  top={item.start}
                  open={kids && !isCollapsed(node)}
                  selected={node === selected}
                  focused={node === focused}
                  filtering={filtering}
                  highlight={filtering ? props.highlight : undefined}
                  onFocus={focusRow}
                  onSelect={props.onSelect}
                  onToggle={props.onToggle}
                />
              );
            })}
          </div>
          <div className="td-col-wf td-wf" data-testid="waterfall" aria-hidden="true">
            {ticks.map((t) => (
              <span key={t.ms} className="td-grid" style={{ left: `${t.pct}%` }} />
            ))}
            {items.map((item) => {
              const node = rows[item.index];
              return (
                <BarRow
                  key={tree.spans[node].spanId}
                  span={tree.spans[node]}
                  node={node}
                  top={item.start}
                  fromMs={fromMs}
                  toMs={toMs}
                  selected={node === selected}
                  onFocus={focusRow}
                  onSelect={props.onSelect}
                  onZoom={props.onZoom}
                />
              );
            })}
          </div>
        </div>
      </div>
    </div>
  );
}

interface TreeRowProps {
  tree: SpanTree;
  node: number;
  top: number;
  open: boolean;
  selected: boolean;
  focused: boolean;
  filtering: boolean;
  highlight?: string;
  onFocus(node: number): void;
  onSelect(node: number): void;
  onToggle(node: number, expand: boolean): void;
}

/** A name with the first case-insensitive occurrence of `query` marked. */
function Highlighted({ text, query }: { text: string; query?: string }) {
  const q = query?.trim().toLowerCase();
  const at = q ? text.toLowerCase().indexOf(q) : -1;
  if (!q || at < 0) return <>{text}</>;
  return (
    <>
      {text.slice(0, at)}
      <mark>{text.slice(at, at + q.length)}</mark>
      {text.slice(at + q.length)}
    </>
  );
}

/** One tree row; memoised so that scrolling renders only the rows that come into view. */
const TreeRow = memo(function TreeRow({ tree, node, top, open, selected, focused, filtering, highlight, onFocus, onSelect, onToggle }: TreeRowProps) {
  const span = tree.spans[node];
  const kids = tree.children[node].length > 0;
  const err = span.status === "error";
  const tokens = span.totalTokens ?? (span.inputTokens != null || span.outputTokens != null ? (span.inputTokens ?? 0) + (span.outputTokens ?? 0) : null);
  return (
    <div
      id={`td-row-${span.spanId}`}
      role="treeitem"
      data-testid="span-tree-item"
      data-span-id={span.spanId}
      aria-level={tree.depth[node] + 1}
      aria-setsize={setSize(tree, node)}
      aria-posinset={tree.posInSet[node]}
      aria-expanded={kids ? open : undefined}
      aria-selected={selected}
      className={`td-row${selected ? " selected" : ""}${focused ? " focused" : ""}${err ? " err" : ""}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => {
        onFocus(node);
        onSelect(node);
      }}
    >
      <span className="td-indent" style={{ width: Math.min(tree.depth[node], MAX_INDENT) * 14 }} />
      {tree.depth[node] > MAX_INDENT && (
        <span className="td-deep" title={`nested ${tree.depth[node]} levels deep`}>
          +{tree.depth[node] - MAX_INDENT}
        </span>
      )}
      {kids ? (
        <button
          type="button"
          tabIndex={-1}
          className="td-twisty"
          aria-label={open ? "Collapse" : "Expand"}
          disabled={filtering}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(node, !open);
          }}
        >
          {open ? "▾" : "▸"}
        </button>
      ) : (
        <span className="td-twisty" />
      )}
      <KindBadge kind={span.kind} />
      <span className="td-name" title={span.name}>
        <Highlighted text={span.name} query={highlight} />
      </span>
      {err && <span className="td-err-mark" title={span.errorType ?? "error"}>!</span>}
      {!err && !open && tree.subtreeError[node] ? <span className="td-err-mark inner" title="an error below">!</span> : null}
      <span className="td-meta">
        {tokens != null && <span title="tokens">{formatTokens(tokens)} tok</span>}
        {span.costUsd != null && <span title="cost">{formatCost(span.costUsd)}</span>}
        <span className="td-dur">{formatDuration(span.durationMs)}</span>
      </span>
    </div>
  );
});

interface BarRowProps {
  span: SpanTree["spans"][number];
  node: number;
  top: number;
  fromMs: number;
  toMs: number;
  selected: boolean;
  onFocus(node: number): void;
  onSelect(node: number): void;
  onZoom(node: number): void;
}

/** One waterfall bar with its duration label; memoised like {@link TreeRow}. */
const BarRow = memo(function BarRow({ span, node, top, fromMs, toMs, selected, onFocus, onSelect, onZoom }: BarRowProps) {
  const bar = barLayout(span.offsetMs, span.durationMs, toMs, fromMs);
  return (
    <div
      className={`td-wf-row${selected ? " selected" : ""}`}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => {
        onFocus(node);
        onSelect(node);
      }}
      onDoubleClick={() => onZoom(node)}
    >
      {bar && (
        <>
          <span
            className={`td-bar k-${span.kind}${span.status === "error" ? " err" : ""}`}
            style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
            title={`${span.name}: ${formatDuration(span.durationMs)} at +${formatDuration(span.offsetMs)} (double click to zoom)`}
          />
          <span
            className={`td-bar-label${bar.label === "inside" ? " inside" : ""}`}
            style={
              bar.label === "after"
                ? { left: `${bar.left + bar.width}%` }
                : { right: `${100 - (bar.label === "inside" ? bar.left + bar.width : bar.left)}%` }
            }
          >
            {formatDuration(span.durationMs)}
          </span>
        </>
      )}
    </div>
  );
});
