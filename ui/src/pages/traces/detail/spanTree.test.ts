import { describe, expect, it } from "vitest";
import { buildSpanTree, firstError, nameFilter, parentIds, revealed, setSize, visibleRows, type SpanRowLike } from "./spanTree";

const span = (spanId: string, parentSpanId: string | null, offsetMs: number, extra: Partial<SpanRowLike> = {}): SpanRowLike => ({
  spanId,
  parentSpanId,
  name: `span ${spanId}`,
  kind: "other",
  status: "ok",
  offsetMs,
  durationMs: 1,
  ...extra,
});
const ids = (tree: ReturnType<typeof buildSpanTree>, rows: number[]) => rows.map((r) => tree.spans[r].spanId);

describe("buildSpanTree and visibleRows", () => {
  const spans = [
    span("c", "a", 30),
    span("a", null, 0),
    span("b", "a", 10, { status: "error" }),
    span("b1", "b", 11),
    span("o", "missing", 5),
  ];

  it("orders siblings by start and rows in tree order, with depth and sibling positions", () => {
    const tree = buildSpanTree(spans);
    const rows = visibleRows(tree, new Set());
    expect(ids(tree, rows)).toEqual(["a", "b", "b1", "c", "o"]);
    expect(rows.map((r) => tree.depth[r])).toEqual([0, 1, 2, 1, 0]);
    const b = tree.index.get("b")!;
    expect([tree.posInSet[b], setSize(tree, b)]).toEqual([1, 2]);
  });

  it("makes a span whose parent never arrived a root and counts it", () => {
    const tree = buildSpanTree(spans);
    expect(ids(tree, tree.roots)).toEqual(["a", "o"]);
    expect(tree.orphans).toBe(1);
  });

  it("skips the descendants of collapsed spans", () => {
    const tree = buildSpanTree(spans);
    expect(ids(tree, visibleRows(tree, new Set(["b"])))).toEqual(["a", "b", "c", "o"]);
    expect(ids(tree, visibleRows(tree, new Set(["a"])))).toEqual(["a", "o"]);
    expect(parentIds(tree)).toEqual(new Set(["a", "b"]));
  });

  it("a filter shows matches with their ancestors, ignoring collapsed spans", () => {
    const tree = buildSpanTree(spans);
    expect(ids(tree, visibleRows(tree, new Set(["a", "b"]), nameFilter("span b1")))).toEqual(["a", "b", "b1"]);
    expect(nameFilter("  ")).toBeUndefined();
  });

  it("marks subtrees holding an error and finds the first error in tree order", () => {
    const tree = buildSpanTree(spans);
    expect(tree.subtreeError[tree.index.get("a")!]).toBe(1);
    expect(tree.subtreeError[tree.index.get("c")!]).toBe(0);
    expect(tree.spans[firstError(tree)].spanId).toBe("b");
  });

  it("reveals a span by expanding its collapsed ancestors only", () => {
    const tree = buildSpanTree(spans);
    const collapsed = new Set(["a", "b", "o"]);
    expect(revealed(tree, collapsed, tree.index.get("b1")!)).toEqual(new Set(["o"]));
    expect(revealed(tree, collapsed, tree.index.get("a")!)).toBe(collapsed);
  });

  it("breaks a parent cycle instead of hiding its spans", () => {
    const tree = buildSpanTree([span("x", "y", 0), span("y", "x", 1), span("z", "z", 2)]);
    expect(ids(tree, visibleRows(tree, new Set()))).toEqual(["x", "y", "z"]);
  });

  it("handles a chain 20,000 spans deep without recursion", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => span(`s${i}`, i === 0 ? null : `s${i - 1}`, i));
    const tree = buildSpanTree(chain);
    const rows = visibleRows(tree, new Set());
    expect(rows).toHaveLength(20_000);
    expect(tree.depth[rows[19_999]]).toBe(19_999);
    expect(visibleRows(tree, new Set(["s0"]))).toHaveLength(1);
  });

  it("handles 10,000 spans in a wide, bushy tree", () => {
    const many: SpanRowLike[] = [span("root", null, 0)];
    for (let i = 1; i < 10_000; i++) many.push(span(`n${i}`, i < 100 ? "root" : `n${1 + (i % 99)}`, i));
    const tree = buildSpanTree(many.reverse());
    const rows = visibleRows(tree, new Set());
    expect(rows).toHaveLength(10_000);
    expect(tree.spans[rows[0]].spanId).toBe("root");
    expect(new Set(rows).size).toBe(10_000);
  });
});
