/** Display formats shared by every page (pure functions, unit-tested). */

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || Number.isNaN(ms)) return "–";
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

export function formatCost(usd: number | null | undefined): string {
  if (usd == null) return "–";
  if (usd === 0) return "$0";
  // Cheap calls stay readable next to the others: "$0.00002", never "$2.0e-5".
  if (usd < 0.0001) return `$${usd.toLocaleString("en-US", { maximumSignificantDigits: 2, maximumFractionDigits: 12 })}`;
  if (usd < 1) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export function formatTokens(n: number | null | undefined): string {
  if (n == null) return "–";
  if (n < 10_000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)}k`;
  return `${(n / 1_000_000).toFixed(2)}M`;
}

/**
 * What a provider's prompt cache did with the input tokens, as a parenthesised note after an input
 * count (" (1.0k cached, 100 written to cache)"), or "" when it did nothing.
 */
export function cacheNote(usage: { cacheReadTokens?: number | null; cacheWriteTokens?: number | null }): string {
  const parts: string[] = [];
  if (usage.cacheReadTokens) parts.push(`${formatTokens(usage.cacheReadTokens)} cached`);
  if (usage.cacheWriteTokens) parts.push(`${formatTokens(usage.cacheWriteTokens)} written to cache`);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

export function formatNumber(n: number | null | undefined, digits = 4): string {
  if (n == null || Number.isNaN(n)) return "–";
  if (Number.isInteger(n)) return String(n);
  return Number(n.toPrecision(digits)).toString();
}

/** A timestamp in the viewer's time zone, to the second (`2026-11-27 10:15:30`). */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (v: number) => String(v).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * A timestamp for dense tables: the time alone when it is today, else month-day and time
 * (`05:52:47`, `11-26 23:10:04`); the full instant belongs in a tooltip.
 */
export function formatTimeCompact(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "–";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (v: number) => String(v).padStart(2, "0");
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  if (sameDay) return time;
  const day = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return d.getFullYear() === now.getFullYear() ? `${day} ${time}` : `${d.getFullYear()}-${day} ${time}`;
}
