/**
 * A session as a conversation timeline: its traces in start order with the time since the
 * session started and the pause before each turn, and totals over what is loaded. Pure, tested.
 */

export interface TurnInput {
  traceId: string;
  startTime: string;
  endTime?: string | null;
  durationMs?: number | null;
  totalTokens?: number | null;
  costUsd?: number | null;
  status?: string | null;
}

export interface Turn<T extends TurnInput> {
  trace: T;
  /** 1-based position in the session */
  index: number;
  /** ms since the first trace started */
  offsetMs: number;
  /** ms between the previous trace's end and this one's start (undefined for the first; ≥ 0) */
  gapMs?: number;
}

export interface TimelineTotals {
  traces: number;
  errors: number;
  totalTokens: number;
  costUsd: number;
  /** first start to last end, ms */
  spanMs: number;
}

const ms = (iso: string | null | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? undefined : t;
};

export function buildTimeline<T extends TurnInput>(traces: T[]): { turns: Turn<T>[]; totals: TimelineTotals } {
  const sorted = traces
    .map((trace, i) => ({ trace, i }))
    .sort((a, b) => (ms(a.trace.startTime) ?? 0) - (ms(b.trace.startTime) ?? 0) || a.i - b.i)
    .map((e) => e.trace);
  const seen = new Set<string>();
  const unique = sorted.filter((t) => (seen.has(t.traceId) ? false : (seen.add(t.traceId), true)));
  const first = unique.length ? (ms(unique[0].startTime) ?? 0) : 0;
  let lastEnd: number | undefined;
  let maxEnd = first;
  const totals: TimelineTotals = { traces: unique.length, errors: 0, totalTokens: 0, costUsd: 0, spanMs: 0 };
  const turns = unique.map((trace, i) => {
    const start = ms(trace.startTime) ?? first;
    const end = ms(trace.endTime) ?? start + (trace.durationMs ?? 0);
    const turn: Turn<T> = { trace, index: i + 1, offsetMs: start - first };
    if (lastEnd !== undefined) turn.gapMs = Math.max(0, start - lastEnd);
    lastEnd = lastEnd === undefined ? end : Math.max(lastEnd, end);
    maxEnd = Math.max(maxEnd, end);
    if (trace.status === "error") totals.errors++;
    totals.totalTokens += trace.totalTokens ?? 0;
    totals.costUsd += trace.costUsd ?? 0;
    return turn;
  });
  totals.spanMs = unique.length ? maxEnd - first : 0;
  return { turns, totals };
}
