/**
 * Keyboard navigation of the span tree, after the WAI-ARIA tree pattern: a pure reducer from a key
 * and the visible rows to what should happen (move focus, expand, collapse, select).
 */
import type { SpanTree } from "./spanTree";

export type NavAction =
  | { type: "focus"; node: number }
  | { type: "expand"; node: number }
  | { type: "collapse"; node: number }
  | { type: "select"; node: number };

/**
 * What a key press on the focused row does. `rows` are the visible node indices in order, `focused`
 * the focused node (or -1), `collapsed` whether a node is collapsed. Returns null for keys the tree
 * does not handle (so the browser keeps them).
 */
export function treeKey(
  key: string,
  tree: SpanTree,
  rows: readonly number[],
  focused: number,
  isCollapsed: (node: number) => boolean,
): NavAction | null {
  if (rows.length === 0) return null;
  const pos = focused >= 0 ? rows.indexOf(focused) : -1;
  const at = pos >= 0 ? pos : 0;
  const node = rows[at];
  const hasKids = tree.children[node].length > 0;
  switch (key) {
    case "ArrowDown":
      return { type: "focus", node: rows[pos < 0 ? 0 : Math.min(rows.length - 1, pos + 1)] };
    case "ArrowUp":
      return { type: "focus", node: rows[pos < 0 ? 0 : Math.max(0, pos - 1)] };
    case "Home":
      return { type: "focus", node: rows[0] };
    case "End":
      return { type: "focus", node: rows[rows.length - 1] };
    case "ArrowRight":
      if (!hasKids) return { type: "focus", node };
      if (isCollapsed(node)) return { type: "expand", node };
      // Expanded: enter the first child when it is shown (a filter may hide it).
      return { type: "focus", node: rows[at + 1] !== undefined && tree.parent[rows[at + 1]] === node ? rows[at + 1] : node };
    case "ArrowLeft":
      if (hasKids && !isCollapsed(node)) return { type: "collapse", node };
      return { type: "focus", node: tree.parent[node] >= 0 ? tree.parent[node] : node };
    case "Enter":
    case " ":
      return { type: "select", node };
    default:
      return null;
  }
}
