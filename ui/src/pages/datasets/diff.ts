/**
 * Presentation of a dataset diff and of row JSON: one list of added / removed / changed rows in
 * position order, field-by-field changes of a changed row, and compact one-line JSON.
 */

/** A diff row as the API answers it (`row.data` holds the row's JSON object). */
export interface DiffRowLike {
  position?: number;
  row?: { data?: unknown; digest?: string };
}
export interface DiffLike {
  matchedBy?: string;
  added?: DiffRowLike[];
  removed?: DiffRowLike[];
  changed?: { id?: unknown; from?: DiffRowLike; to?: DiffRowLike }[];
}

export type EntryKind = "added" | "removed" | "changed";

export interface DiffEntry {
  kind: EntryKind;
  /** position in the `from` version (removed, changed) */
  fromPosition: number | null;
  /** position in the `to` version (added, changed) */
  toPosition: number | null;
  id: string | null;
  from: unknown;
  to: unknown;
}

function idOf(data: unknown): string | null {
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const id = (data as Record<string, unknown>).id;
    if (typeof id === "string" || typeof id === "number") return String(id);
  }
  return null;
}

/**
 * Added, removed and changed rows in one list ordered by where they are: the `to` position for
 * added and changed rows, the `from` position for removed ones (a removed row sorts before an
 * added one at the same place, as a unified diff shows it).
 */
export function diffEntries(diff: DiffLike): DiffEntry[] {
  const out: DiffEntry[] = [];
  for (const a of diff.added ?? []) {
    out.push({ kind: "added", fromPosition: null, toPosition: a.position ?? null, id: idOf(a.row?.data), from: undefined, to: a.row?.data });
  }
  for (const r of diff.removed ?? []) {
    out.push({ kind: "removed", fromPosition: r.position ?? null, toPosition: null, id: idOf(r.row?.data), from: r.row?.data, to: undefined });
  }
  for (const c of diff.changed ?? []) {
    const id = typeof c.id === "string" || typeof c.id === "number" ? String(c.id) : idOf(c.to?.row?.data) ?? idOf(c.from?.row?.data);
    out.push({ kind: "changed", fromPosition: c.from?.position ?? null, toPosition: c.to?.position ?? null, id, from: c.from?.row?.data, to: c.to?.row?.data });
  }
  const place = (e: DiffEntry) => e.toPosition ?? e.fromPosition ?? 0;
  const rank: Record<EntryKind, number> = { removed: 0, changed: 1, added: 2 };
  return out.sort((a, b) => place(a) - place(b) || rank[a.kind] - rank[b.kind]);
}

export type FieldKind = "same" | "changed" | "added" | "removed";

export interface FieldChange {
  /** dotted path of the field (`input.question`, `tags[1]`); empty for a non-object row */
  path: string;
  kind: FieldKind;
  from: unknown;
  to: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Leaf values of a JSON value by dotted path (objects are walked; arrays and scalars are leaves). */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
}

/** Stable JSON with sorted keys, to compare values regardless of key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

/**
 * Field-by-field comparison of two rows: every leaf path of either, in the order they first
 * appear (`from` first), marked same / changed / added / removed.
 */
export function fieldChanges(from: unknown, to: unknown): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(from, "", a);
  flatten(to, "", b);
  const paths = [...a.keys()];
  for (const p of b.keys()) if (!a.has(p)) paths.push(p);
  return paths.map((path) => {
    const inA = a.has(path);
    const inB = b.has(path);
    const kind: FieldKind = !inA ? "added" : !inB ? "removed" : canonical(a.get(path)) === canonical(b.get(path)) ? "same" : "changed";
    return { path, kind, from: a.get(path), to: b.get(path) };
  });
}

/** One-line JSON (strings without quotes), cut to `max` characters with an ellipsis. */
export function compactJson(value: unknown, max = 120): string {
  let text: string;
  if (value === undefined) text = "";
  else if (typeof value === "string") text = value;
  else text = JSON.stringify(value) ?? String(value);
  text = text.replace(/\s+/g, " ");
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Indented JSON for a detail view (strings as they are). */
export function prettyJson(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

/**
 * The columns to show for a page of rows: top-level fields in first-seen order with `id` first,
 * then input-like and expected-like fields, the rest after, at most `max` (the expand shows all).
 */
export function rowColumns(rows: unknown[], max = 6): { columns: string[]; hidden: number } {
  const seen: string[] = [];
  const set = new Set<string>();
  for (const r of rows) {
    if (!isPlainObject(r)) continue;
    for (const k of Object.keys(r)) if (!set.has(k)) (set.add(k), seen.push(k));
  }
  const priority = (k: string) => {
    if (k === "id") return 0;
    if (/^(input|inputs|question|prompt|query|messages)$/i.test(k)) return 1;
    if (/^(expected|expected_output|expectedoutput|reference|answer|label|target|ground_truth|output)$/i.test(k)) return 2;
    return 3;
  };
  const ordered = seen.map((k, i) => ({ k, i })).sort((x, y) => priority(x.k) - priority(y.k) || x.i - y.i).map((x) => x.k);
  return { columns: ordered.slice(0, max), hidden: Math.max(0, ordered.length - max) };
}
