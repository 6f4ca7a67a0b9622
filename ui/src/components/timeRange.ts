/**
 * Time ranges on trace start times, shared by the pages that list traces or sessions: quick
 * relative ranges (which stay "recent" in a shared link) or fixed ISO-8601 instants `[from, to)`.
 */

/** Quick time ranges: URL value → label and length. */
export const RANGES = {
  "15m": { label: "Last 15 min", ms: 15 * 60_000 },
  "1h": { label: "Last 1 h", ms: 60 * 60_000 },
  "24h": { label: "Last 24 h", ms: 24 * 60 * 60_000 },
  "7d": { label: "Last 7 d", ms: 7 * 24 * 60 * 60_000 },
} as const;
export type RangeKey = keyof typeof RANGES;

/** A time range as the URL holds it. */
export interface TimeWindow {
  /** a quick relative range; wins over from/to */
  range?: RangeKey;
  /** ISO-8601 instants on the trace start, `[from, to)` */
  from?: string;
  to?: string;
}

/** Whether `s` is an instant the server can parse (ISO-8601 with a zone or `Z`). */
export function isInstant(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s));
}

/**
 * Reads `range`, `from` and `to` from the URL; an invalid value is left out and reported through
 * `drop(name, why)` with a sentence a person can act on.
 */
export function parseTimeWindow(params: URLSearchParams, drop: (name: string, why: string) => void): TimeWindow {
  const window: TimeWindow = {};
  const range = params.get("range")?.trim() || undefined;
  if (range !== undefined) {
    if (range in RANGES) window.range = range as RangeKey;
    else drop("range", `Ignored range '${range}': use one of ${Object.keys(RANGES).join(", ")}.`);
  }
  for (const name of ["from", "to"] as const) {
    const v = params.get(name)?.trim() || undefined;
    if (v === undefined) continue;
    if (isInstant(v)) window[name] = v;
    else drop(name, `Ignored ${name} '${v}': not an ISO-8601 instant such as 2026-11-27T10:15:30Z.`);
  }
  return window;
}

/** The range in the URL, and a sentence for each value that was left out. */
export function readTimeWindow(params: URLSearchParams): { window: TimeWindow; problems: string[] } {
  const problems: string[] = [];
  const window = parseTimeWindow(params, (_name, why) => problems.push(why));
  return { window, problems };
}

/** Writes the range to search params (a quick range leaves from/to out). */
export function writeTimeWindow(p: URLSearchParams, w: TimeWindow): void {
  if (w.range) p.set("range", w.range);
  else {
    if (w.from) p.set("from", w.from);
    if (w.to) p.set("to", w.to);
  }
}

/** The API's `from`/`to` for a range; `now` resolves a quick range. */
export function timeWindowQuery(w: TimeWindow, now: number = Date.now()): { from?: string; to?: string } {
  if (w.range) return { from: new Date(now - RANGES[w.range].ms).toISOString() };
  return { ...(w.from ? { from: w.from } : {}), ...(w.to ? { to: w.to } : {}) };
}

/** A `datetime-local` input value (local time, to the second) for an ISO instant. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (v: number) => String(v).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The ISO instant of a `datetime-local` value (read in the viewer's zone), or undefined. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
