import { describe, expect, it } from "vitest";
import { buildTimeline } from "./timeline";

const t = (id: string, start: string, durationMs: number, extra: Record<string, unknown> = {}) => ({
  traceId: id,
  startTime: `2026-11-27T10:${start}Z`,
  endTime: new Date(Date.parse(`2026-11-27T10:${start}Z`) + durationMs).toISOString(),
  durationMs,
  ...extra,
});

describe("session timeline", () => {
  it("orders turns by start, with offsets from the session start and the pause before each", () => {
    const { turns, totals } = buildTimeline([
      t("b", "01:00", 2000, { totalTokens: 30, costUsd: 0.002, status: "error" }),
      t("a", "00:00", 1500, { totalTokens: 100, costUsd: 0.001, status: "ok" }),
      t("c", "05:00", 500, { totalTokens: null, costUsd: null }),
    ]);
    expect(turns.map((x) => [x.trace.traceId, x.index, x.offsetMs, x.gapMs])).toEqual([
      ["a", 1, 0, undefined],
      ["b", 2, 60_000, 58_500],
      ["c", 3, 300_000, 238_000],
    ]);
    expect(totals).toEqual({ traces: 3, errors: 1, totalTokens: 130, costUsd: 0.003, spanMs: 300_500 });
  });
  it("overlapping traces have no negative pause, and repeated pages do not repeat a turn", () => {
    const { turns } = buildTimeline([t("a", "00:00", 10_000), t("b", "00:05", 1000), t("b", "00:05", 1000)]);
    expect(turns.map((x) => x.gapMs)).toEqual([undefined, 0]);
  });
  it("an empty session has no turns", () => {
    expect(buildTimeline([])).toEqual({ turns: [], totals: { traces: 0, errors: 0, totalTokens: 0, costUsd: 0, spanMs: 0 } });
  });
});
