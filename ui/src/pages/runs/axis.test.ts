import { describe, expect, it } from "vitest";
import { formatRelative, parseXMode, pointsForWidth, pointsToXY, rangeToQuery } from "./axis";

const start = Date.parse("2026-11-27T10:00:00Z");
const points = [
  { step: 0, value: 1, time: "2026-11-27T10:00:00Z" },
  { step: 5, value: 2, time: "2026-11-27T10:00:30Z" },
  { step: 9, value: 3, time: null },
];

describe("pointsToXY", () => {
  it("uses steps on the step axis, keeping every point", () => {
    expect(pointsToXY(points, "step", start)).toEqual({ xs: [0, 5, 9], ys: [1, 2, 3] });
  });
  it("uses epoch seconds on the wall-time axis and drops points without time", () => {
    expect(pointsToXY(points, "time", start)).toEqual({ xs: [start / 1000, start / 1000 + 30], ys: [1, 2] });
  });
  it("uses seconds since the run start on the relative axis", () => {
    expect(pointsToXY(points, "relative", start)).toEqual({ xs: [0, 30], ys: [1, 2] });
  });
});

describe("rangeToQuery", () => {
  it("asks for the whole history without a zoom", () => {
    expect(rangeToQuery("step", null, start)).toEqual({ x: "step" });
    expect(rangeToQuery("relative", null, start)).toEqual({ x: "time" });
  });
  it("widens a step range to whole steps, never below 0", () => {
    expect(rangeToQuery("step", [-3.2, 150.4], start)).toEqual({ x: "step", from: "0", to: "151" });
  });
  it("accepts a reversed range", () => {
    expect(rangeToQuery("step", [20, 10], start)).toEqual({ x: "step", from: "10", to: "20" });
  });
  it("turns wall-time and relative seconds into ISO instants", () => {
    expect(rangeToQuery("time", [start / 1000 + 1, start / 1000 + 2], start)).toEqual({
      x: "time",
      from: "2026-11-27T10:00:01.000Z",
      to: "2026-11-27T10:00:02.000Z",
    });
    expect(rangeToQuery("relative", [60, 120], start)).toEqual({
      x: "time",
      from: "2026-11-27T10:01:00.000Z",
      to: "2026-11-27T10:02:00.000Z",
    });
  });
});

describe("pointsForWidth", () => {
  it("asks for about one point per pixel, rounded up to 100", () => {
    expect(pointsForWidth(640)).toBe(700);
    expect(pointsForWidth(10)).toBe(100);
    expect(pointsForWidth(0)).toBe(500);
    expect(pointsForWidth(1e9)).toBe(100_000);
  });
});

describe("parseXMode / formatRelative", () => {
  it("falls back to step for unknown values", () => {
    expect(parseXMode("bogus")).toBe("step");
    expect(parseXMode("relative")).toBe("relative");
  });
  it("formats seconds, minutes and hours", () => {
    expect(formatRelative(42)).toBe("42s");
    expect(formatRelative(125)).toBe("2m 05s");
    expect(formatRelative(120)).toBe("2m");
    expect(formatRelative(3 * 3600 + 5 * 60)).toBe("3h 05m");
  });
});
