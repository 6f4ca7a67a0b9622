import { describe, expect, it } from "vitest";
import { axisLength, barLayout, MIN_BAR_PCT, tickLabel, timeTicks, zoomWindow } from "./waterfall";

describe("barLayout", () => {
  it("places a bar by offset and duration relative to the trace", () => {
    expect(barLayout(250, 500, 1000)).toEqual({ left: 25, width: 50, label: "after" });
  });
  it("keeps tiny spans visible and inside the axis", () => {
    expect(barLayout(0, 0.001, 1000)!.width).toBe(MIN_BAR_PCT);
    const atEnd = barLayout(1000, 0, 1000)!;
    expect(atEnd.left + atEnd.width).toBeCloseTo(100);
  });
  it("clips spans running past the axis and puts labels where they fit", () => {
    const late = barLayout(900, 500, 1000)!;
    expect(late.left + late.width).toBeCloseTo(100);
    expect(late.label).toBe("before");
    expect(barLayout(0, 1000, 1000)!.label).toBe("inside");
  });
  it("survives a zero-length trace", () => {
    expect(barLayout(0, 0, 0)!.width).toBe(MIN_BAR_PCT);
  });
  it("lays bars out in a zoomed window and hides spans outside it", () => {
    expect(barLayout(150, 50, 300, 100)).toEqual({ left: 25, width: 25, label: "after" });
    expect(barLayout(50, 100, 300, 100)).toMatchObject({ left: 0, width: 25 });
    expect(barLayout(10, 20, 300, 100)).toBeNull();
    expect(barLayout(400, 20, 300, 100)).toBeNull();
  });
  it("zooms to a span with a margin, inside the trace", () => {
    expect(zoomWindow(100, 200, 1000)).toEqual([90, 310]);
    expect(zoomWindow(0, 1000, 1000)).toEqual([0, 1000]);
  });
});

describe("timeTicks", () => {
  it("uses 1-2-5 steps across the axis with fitting units", () => {
    const ticks = timeTicks(1000, 5);
    expect(ticks.map((t) => t.label)).toEqual(["0", "200ms", "400ms", "600ms", "800ms", "1000ms"]);
    expect(ticks[5].pct).toBe(100);
    expect(timeTicks(12_000, 6).map((t) => t.label)).toEqual(["0", "2s", "4s", "6s", "8s", "10s", "12s"]);
    expect(timeTicks(0.5, 5).map((t) => t.label)[1]).toBe("100µs");
    expect(timeTicks(300, 4, 100).map((t) => [t.label, t.pct])).toEqual([["100ms", 0], ["150ms", 25], ["200ms", 50], ["250ms", 75], ["300ms", 100]]);
  });
  it("labels minutes and handles an empty axis", () => {
    expect(tickLabel(120_000, 60_000)).toBe("2min");
    expect(timeTicks(0)).toEqual([{ ms: 0, pct: 0, label: "0" }]);
  });
  it("extends the axis to the latest span end", () => {
    expect(axisLength(100, [{ offsetMs: 90, durationMs: 30 }])).toBe(120);
    expect(axisLength(100, [{ offsetMs: 0, durationMs: 10 }])).toBe(100);
  });
});
