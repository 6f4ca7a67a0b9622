/**
 * The span tree of a trace, built from the flat light span list (`GET .../traces/{id}/spans`), and
 * its visible rows given collapsed nodes and a name filter. Everything is iterative (explicit stacks),
 * so 10,000 spans or a chain 10,000 levels deep cost a few milliseconds and never hit a recursion limit.
 */

/** What the tree needs of a span (the server's `SpanRow`). */
export interface SpanRowLike {
  spanId: string;
  parentSpanId?: string | null;
  name: string;
  kind: string;
  status: string;
  offsetMs: number;
  durationMs: number;
  model?: string | null;
  inputTokens?: number | null;
  outputTokens?: number | null;
  totalTokens?: number | null;
  costUsd?: number | null;
  errorType?: string | null;
}

/** The spans arranged as a tree; nodes are addressed by their index in `spans`. */
export interface SpanTree<S extends SpanRowLike = SpanRowLike> {
  spans: S[];
  /** parent index, or -1 for a root */
  parent: Int32Array;
  depth: Int32Array;
  /** child indices of each node, in start order */
  children: number[][];
  roots: number[];
  index: Map<string, number>;
  /** 1-based position among its siblings (aria-posinset) */
  posInSet: Int32Array;
  /** whether the node's subtree contains an error (the node itself included) */
  subtreeError: Uint8Array;
  /** nodes whose parent id was given but not received (the trace may still be arriving) */
  orphans: number;
}

function byStart(spans: SpanRowLike[]) {
  return (a: number, b: number) =>
    spans[a].offsetMs - spans[b].offsetMs || (spans[a].spanId < spans[b].spanId ? -1 : spans[a].spanId > spans[b].spanId ? 1 : 0);
}

/**
 * Links spans into a tree. A span whose parent is missing becomes a root (nothing is hidden); a parent
 * cycle (malformed input) is broken at the earliest-starting span reached.
 */
export function buildSpanTree<S extends SpanRowLike>(input: S[]): SpanTree<S> {
  const order = input.map((_, i) => i).sort(byStart(input));
  const spans = order.map((i) => input[i]);
  const n = spans.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) if (!index.has(spans[i].spanId)) index.set(spans[i].spanId, i);
  const parent = new Int32Array(n).fill(-1);
  const children: number[][] = Array.from({ length: n }, () => []);
  const roots: number[] = [];
  let orphans = 0;
  for (let i = 0; i < n; i++) {
    const p = spans[i].parentSpanId;
    const pi = p ? index.get(p) : undefined;
    if (index.get(spans[i].spanId) !== i) continue; // duplicate span id: keep the first
    if (pi === undefined || pi === i) {
      if (p && pi === undefined) orphans++;
      roots.push(i);
    } else {
      parent[i] = pi;
      children[pi].push(i); // i ascends in start order, so children stay sorted
    }
  }
  const depth = new Int32Array(n).fill(-1);
  const visit = (starts: number[]) => {
    const stack = [...starts].reverse();
    while (stack.length) {
      const node = stack.pop()!;
      const kids = children[node];
      for (let k = kids.length - 1; k >= 0; k--) {
        depth[kids[k]] = depth[node] + 1;
        stack.push(kids[k]);
      }
    }
  };
  for (const r of roots) depth[r] = 0;
  visit(roots);
  // Nodes never reached sit in a parent cycle: cut each cycle at its earliest span, make it a root.
  for (let i = 0; i < n; i++) {
    if (depth[i] >= 0 || index.get(spans[i].spanId) !== i) continue;
    const p = parent[i];
    children[p].splice(children[p].indexOf(i), 1);
    parent[i] = -1;
    depth[i] = 0;
    roots.push(i);
    visit([i]);
  }
  roots.sort(byStart(spans));
  const posInSet = new Int32Array(n);
  roots.forEach((r, k) => (posInSet[r] = k + 1));
  for (const kids of children) kids.forEach((c, k) => (posInSet[c] = k + 1));
  const subtreeError = new Uint8Array(n);
  // Propagate errors upwards, deepest nodes first.
  const byDepth = Array.from({ length: n }, (_, i) => i).filter((i) => depth[i] >= 0).sort((a, b) => depth[b] - depth[a]);
  for (const i of byDepth) {
    if (spans[i].status === "error") subtreeError[i] = 1;
    if (subtreeError[i] && parent[i] >= 0) subtreeError[parent[i]] = 1;
  }
  return { spans, parent, depth, children, roots, index, posInSet, subtreeError, orphans };
}

/**
 * The rows shown, in tree (pre-)order: descendants of collapsed nodes are skipped. With a `filter`
 * (a predicate on spans), only matching spans and their ancestors are shown, expanded.
 */
export function visibleRows(tree: SpanTree, collapsed: ReadonlySet<string>, filter?: (span: SpanRowLike) => boolean): number[] {
  const n = tree.spans.length;
  let keep: Uint8Array | null = null;
  if (filter) {
    keep = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (!filter(tree.spans[i])) continue;
      for (let a = i; a >= 0 && !keep[a]; a = tree.parent[a]) keep[a] = 1;
    }
  }
  const out: number[] = [];
  const stack: number[] = [];
  for (let r = tree.roots.length - 1; r >= 0; r--) stack.push(tree.roots[r]);
  while (stack.length) {
    const node = stack.pop()!;
    if (keep && !keep[node]) continue;
    out.push(node);
    if (!keep && collapsed.has(tree.spans[node].spanId)) continue;
    const kids = tree.children[node];
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  return out;
}

/** A case-insensitive name/kind/model match for the span search box, or undefined for an empty query. */
export function nameFilter(query: string): ((span: SpanRowLike) => boolean) | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return undefined;
  return (s) => s.name.toLowerCase().includes(q) || s.kind === q || (s.model ?? "").toLowerCase().includes(q);
}

/** Span ids of every node with children (for "collapse all"). */
export function parentIds(tree: SpanTree): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < tree.spans.length; i++) if (tree.children[i].length) out.add(tree.spans[i].spanId);
  return out;
}

/** The first span in error in tree order, or -1. */
export function firstError(tree: SpanTree): number {
  const stack = [...tree.roots].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (!tree.subtreeError[node]) continue;
    if (tree.spans[node].status === "error") return node;
    const kids = tree.children[node];
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  return -1;
}

/** Removes the ancestors of `node` from `collapsed` so that it is visible; returns a new set (or the same when nothing changes). */
export function revealed(tree: SpanTree, collapsed: ReadonlySet<string>, node: number): ReadonlySet<string> {
  let out: Set<string> | null = null;
  for (let a = tree.parent[node]; a >= 0; a = tree.parent[a]) {
    const id = tree.spans[a].spanId;
    if (collapsed.has(id)) {
      out ??= new Set(collapsed);
      out.delete(id);
    }
  }
  return out ?? collapsed;
}

/** The number of siblings of a node, itself included (aria-setsize). */
export function setSize(tree: SpanTree, node: number): number {
  return tree.parent[node] >= 0 ? tree.children[tree.parent[node]].length : tree.roots.length;
}
