import { describe, expect, it } from "vitest";
import { buildSpanTree, visibleRows, type SpanRowLike } from "./spanTree";
import { treeKey } from "./treeNav";

const span = (spanId: string, parentSpanId: string | null, offsetMs: number): SpanRowLike => ({
  spanId, parentSpanId, name: spanId, kind: "other", status: "ok", offsetMs, durationMs: 1,
});
// a ─ b ─ b1
//   └ c
const tree = buildSpanTree([span("a", null, 0), span("b", "a", 1), span("b1", "b", 2), span("c", "a", 3)]);
const n = (id: string) => tree.index.get(id)!;

describe("treeKey (WAI-ARIA tree)", () => {
  const collapsed = new Set<string>();
  const rows = visibleRows(tree, collapsed);
  const isCollapsed = (node: number) => collapsed.has(tree.spans[node].spanId);

  it("Up and Down move through visible rows and stop at the ends", () => {
    expect(treeKey("ArrowDown", tree, rows, n("a"), isCollapsed)).toEqual({ type: "focus", node: n("b") });
    expect(treeKey("ArrowDown", tree, rows, n("c"), isCollapsed)).toEqual({ type: "focus", node: n("c") });
    expect(treeKey("ArrowUp", tree, rows, n("b1"), isCollapsed)).toEqual({ type: "focus", node: n("b") });
    expect(treeKey("ArrowUp", tree, rows, n("a"), isCollapsed)).toEqual({ type: "focus", node: n("a") });
  });
  it("Home and End go to the first and last row", () => {
    expect(treeKey("Home", tree, rows, n("c"), isCollapsed)).toEqual({ type: "focus", node: n("a") });
    expect(treeKey("End", tree, rows, n("a"), isCollapsed)).toEqual({ type: "focus", node: n("c") });
  });
  it("Right enters an expanded node and expands a collapsed one", () => {
    expect(treeKey("ArrowRight", tree, rows, n("b"), isCollapsed)).toEqual({ type: "focus", node: n("b1") });
    const closed = new Set(["b"]);
    expect(treeKey("ArrowRight", tree, visibleRows(tree, closed), n("b"), (x) => closed.has(tree.spans[x].spanId))).toEqual({ type: "expand", node: n("b") });
    expect(treeKey("ArrowRight", tree, rows, n("c"), isCollapsed)).toEqual({ type: "focus", node: n("c") });
  });
  it("Left collapses an expanded node, else goes to the parent", () => {
    expect(treeKey("ArrowLeft", tree, rows, n("b"), isCollapsed)).toEqual({ type: "collapse", node: n("b") });
    expect(treeKey("ArrowLeft", tree, rows, n("b1"), isCollapsed)).toEqual({ type: "focus", node: n("b") });
    const closed = new Set(["b"]);
    expect(treeKey("ArrowLeft", tree, visibleRows(tree, closed), n("b"), (x) => closed.has(tree.spans[x].spanId))).toEqual({ type: "focus", node: n("a") });
  });
  it("Enter and Space select; other keys are left to the browser", () => {
    expect(treeKey("Enter", tree, rows, n("c"), isCollapsed)).toEqual({ type: "select", node: n("c") });
    expect(treeKey(" ", tree, rows, n("c"), isCollapsed)).toEqual({ type: "select", node: n("c") });
    expect(treeKey("a", tree, rows, n("c"), isCollapsed)).toBeNull();
  });
  it("starts at the first row when nothing is focused", () => {
    expect(treeKey("ArrowDown", tree, rows, -1, isCollapsed)).toEqual({ type: "focus", node: n("a") });
  });
});
