import { useEffect, useState, type RefObject } from "react";
import { useSearchParams } from "react-router";
import { X_MODES, parseXMode, type XMode } from "./axis";

/** A run's state as a coloured badge. */
export function RunStateBadge({ state }: { state?: string | null }) {
  const cls = state === "finished" ? "ok" : state === "failed" || state === "crashed" ? "error" : state === "running" ? "running" : "";
  return <span className={`badge run-state ${cls}`}>{state === "running" ? "● running" : (state ?? "–")}</span>;
}

/** Whether the element is near the viewport (charts fetch only then). Always true without IntersectionObserver. */
export function useInView(ref: RefObject<Element | null>): boolean {
  const [seen, setSeen] = useState(typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    }, { rootMargin: "300px" });
    io.observe(el);
    return () => io.disconnect();
  }, [ref, seen]);
  return seen;
}

/** Smoothing, x axis and log y, kept in the URL (`smooth`, `x`, `logy`) so a shared link shows the same charts. */
export function useChartSettings(): {
  smoothing: number;
  xMode: XMode;
  logY: boolean;
  set(next: { smoothing?: number; xMode?: XMode; logY?: boolean }): void;
} {
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get("smooth") ?? "0");
  const smoothing = Number.isFinite(raw) ? Math.min(Math.max(raw, 0), 0.99) : 0;
  const xMode = parseXMode(params.get("x"));
  const logY = params.get("logy") === "1";
  return {
    smoothing,
    xMode,
    logY,
    set(next) {
      setParams(
        (p) => {
          const out = new URLSearchParams(p);
          if (next.smoothing !== undefined) {
            if (next.smoothing > 0) out.set("smooth", String(next.smoothing));
            else out.delete("smooth");
          }
          if (next.logY !== undefined) {
            if (next.logY) out.set("logy", "1");
            else out.delete("logy");
          }
          if (next.xMode !== undefined) {
            if (next.xMode !== "step") out.set("x", next.xMode);
            else out.delete("x");
          }
          return out;
        },
        { replace: true },
      );
    },
  };
}

/** The smoothing slider and the x axis switch. */
export function ChartControls({ smoothing, xMode, logY, set }: ReturnType<typeof useChartSettings>) {
  return (
    <>
      <label className="smoothing">
        Smoothing {smoothing.toFixed(2)}
        <input
          type="range"
          min={0}
          max={0.99}
          step={0.01}
          value={smoothing}
          aria-label="Smoothing"
          data-testid="smoothing"
          onChange={(e) => set({ smoothing: Number(e.target.value) })}
        />
      </label>
      <label>
        X axis
        <select aria-label="X axis" data-testid="x-axis" value={xMode} onChange={(e) => set({ xMode: parseXMode(e.target.value) })}>
          {X_MODES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
      <label className="check log-y">
        <input type="checkbox" data-testid="log-y" checked={logY} onChange={(e) => set({ logY: e.target.checked })} />
        Log y
      </label>
    </>
  );
}

/** Metric keys grouped as W&B does: by the prefix before the first `/` (`train/loss` → `train`). */
export function groupKeys(keys: readonly string[]): { group: string; keys: string[] }[] {
  const groups = new Map<string, string[]>();
  for (const k of keys) {
    const slash = k.indexOf("/");
    const g = slash > 0 ? k.slice(0, slash) : "";
    groups.set(g, [...(groups.get(g) ?? []), k]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1))
    .map(([group, ks]) => ({ group, keys: ks.sort() }));
}

/** System metrics as the SDK logs them (`system/cpu...`, `system/jvm...`). */
export function isSystemKey(key: string): boolean {
  return key.startsWith("system/") || key.startsWith("system.");
}

/** Keys matching a search box: every space-separated word appears, case-insensitive. */
export function matchesSearch(key: string, search: string): boolean {
  const k = key.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => k.includes(w));
}

/** The metric key search box; its text is the URL's `q`, so a filtered chart grid can be shared. */
export function KeySearch({ count }: { count: number }) {
  const [params, setParams] = useSearchParams();
  return (
    <label>
      Search keys
      <input
        type="search"
        data-testid="metric-search"
        placeholder={`${count} keys`}
        value={params.get("q") ?? ""}
        onChange={(e) =>
          setParams(
            (p) => {
              const out = new URLSearchParams(p);
              if (e.target.value) out.set("q", e.target.value);
              else out.delete("q");
              return out;
            },
            { replace: true },
          )
        }
      />
    </label>
  );
}
