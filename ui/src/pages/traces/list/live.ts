/**
 * Live mode: merging a freshly polled first page (newest first) into the rows on screen.
 *
 * Pure, so the rules are unit-tested:
 * - traces not on screen yet are prepended (newest first) and reported as `added`, to highlight;
 * - traces already on screen are replaced by their newer summary (an incomplete trace gets its
 *   root, more spans, tokens, cost) and reported as `updated` when something changed;
 * - no trace is ever shown twice;
 * - when the poll does not overlap the rows on screen and there are more new traces than one page
 *   (a gap we cannot fill), or the list would grow past `max`, the screen is reset to the polled
 *   page — so the next-page cursor always continues right after the last row shown.
 */

/** The fields of a trace summary live mode needs (the API's `TraceSummary` fits). */
export interface LiveRow {
  traceId: string;
  startTime: string;
}

export interface LivePage<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface LiveMerge<T> {
  items: T[];
  nextCursor?: string | null;
  added: string[];
  updated: string[];
  /** true when the rows were replaced by the polled page (a gap or the size cap) */
  reset: boolean;
}

/** The default cap on rows kept on screen in live mode. */
export const LIVE_MAX_ROWS = 500;

function startMs(row: LiveRow): number {
  const t = Date.parse(row.startTime);
  return Number.isNaN(t) ? 0 : t;
}

export function mergeLive<T extends LiveRow>(
  current: LivePage<T>,
  polled: LivePage<T>,
  same: (a: T, b: T) => boolean = (a, b) => JSON.stringify(a) === JSON.stringify(b),
  max: number = LIVE_MAX_ROWS,
): LiveMerge<T> {
  const onScreen = new Map(current.items.map((row) => [row.traceId, row]));
  const polledIds = new Set<string>();
  const fresh: T[] = [];
  const changed = new Map<string, T>();
  for (const row of polled.items) {
    if (polledIds.has(row.traceId)) continue; // a page never repeats a trace; be safe anyway
    polledIds.add(row.traceId);
    const old = onScreen.get(row.traceId);
    if (old === undefined) fresh.push(row);
    else if (!same(old, row)) changed.set(row.traceId, row);
  }
  const overlaps = fresh.length < polledIds.size;
  const gap = !overlaps && current.items.length > 0 && !!polled.nextCursor;
  if (gap || current.items.length + fresh.length > max) {
    const kept = new Set(current.items.map((r) => r.traceId));
    return {
      items: dedupe(polled.items),
      nextCursor: polled.nextCursor,
      added: dedupe(polled.items)
        .filter((r) => !kept.has(r.traceId))
        .map((r) => r.traceId),
      updated: [...changed.keys()],
      reset: true,
    };
  }
  if (fresh.length === 0 && changed.size === 0) {
    return { items: current.items, nextCursor: current.nextCursor, added: [], updated: [], reset: false };
  }
  const rest = current.items.map((row) => changed.get(row.traceId) ?? row);
  // A trace whose root arrived late can start earlier than first thought: keep newest first.
  const items = [...fresh, ...rest]
    .map((row, index) => ({ row, index }))
    .sort((a, b) => startMs(b.row) - startMs(a.row) || a.index - b.index)
    .map((e) => e.row);
  return {
    items,
    nextCursor: current.nextCursor,
    added: fresh.map((r) => r.traceId),
    updated: [...changed.keys()],
    reset: false,
  };
}

function dedupe<T extends LiveRow>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.traceId) ? false : (seen.add(r.traceId), true)));
}
