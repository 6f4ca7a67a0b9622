import { describe, expect, it } from "vitest";
import { colorFor, drawnSeries, PALETTE, withAlpha } from "./chartData";

const lines = [
  { label: "a", color: "#112233", values: [1, 3, null, 2] },
  { label: "b", color: "#445566", values: [0, 0, 0, 9] },
];

describe("drawnSeries", () => {
  it("draws the lines as they are without smoothing", () => {
    const out = drawnSeries(lines, 0);
    expect(out.map((s) => [s.label, s.faint, s.stroke])).toEqual([
      ["a", false, "#112233"],
      ["b", false, "#445566"],
    ]);
    expect(out[0].values).toEqual([1, 3, null, 2]);
  });

  it("puts faint raw lines under smoothed ones when smoothing", () => {
    const out = drawnSeries(lines, 0.5);
    expect(out.map((s) => [s.label, s.faint])).toEqual([
      ["a (raw)", true],
      ["b (raw)", true],
      ["a", false],
      ["b", false],
    ]);
    expect(out[0].values).toEqual([1, 3, null, 2]);
    expect(out[0].stroke).toBe("#11223340");
    expect(out[3].values[3]).toBeLessThan(9); // the spike is smoothed
    expect(out[2].values[2]).toBeNull(); // gaps stay gaps
  });
});

describe("colours", () => {
  it("cycles the palette and adds alpha only to hex colours", () => {
    expect(colorFor(PALETTE.length + 1)).toBe(PALETTE[1]);
    expect(withAlpha("#000000", 1)).toBe("#000000ff");
    expect(withAlpha("red", 0.5)).toBe("red");
  });
});

import { formatTick } from "./chartData";

describe("formatTick", () => {
  it("shows as many decimals as the tick spacing needs", () => {
    expect(formatTick(0.0003, 0.0001)).toBe("0.0003");
    expect(formatTick(0.25, 0.25)).toBe("0.25");
    expect(formatTick(0.5, 0.25)).toBe("0.50");
    expect(formatTick(1500, 500)).toBe("1,500");
    expect(formatTick(2, 0.5)).toBe("2.0");
    expect(formatTick(0, 0.0001)).toBe("0");
  });
  it("switches to exponents for tiny and huge values", () => {
    expect(formatTick(3e-7, 1e-7)).toBe("3e-7");
    expect(formatTick(2e12, 1e12)).toBe("2e+12");
  });
});

import { forLogScale } from "./chartData";

describe("forLogScale", () => {
  it("turns values a log axis cannot show into gaps", () => {
    expect(forLogScale([1, 0, -2, null, 1e-9])).toEqual([1, null, null, null, 1e-9]);
  });
});

import { isNiceLogTick, nearestValue } from "./chartData";

describe("nearestValue", () => {
  it("gives the line's own value, else the nearest one, earlier first on a tie", () => {
    const v = [null, 1, null, null, 4, null];
    expect(nearestValue(v, 1)).toBe(1);
    expect(nearestValue(v, 2)).toBe(1);
    expect(nearestValue(v, 3)).toBe(4);
    expect(nearestValue(v, 0)).toBe(1);
    expect(nearestValue(v, 5)).toBe(4);
  });
  it("is null for an empty line or an index outside it", () => {
    expect(nearestValue([null, null], 1)).toBeNull();
    expect(nearestValue([1], 3)).toBeNull();
  });
});

describe("isNiceLogTick", () => {
  it("labels 1, 2 and 5 times powers of ten only", () => {
    expect([0.001, 0.02, 0.5, 1, 20, 500].every((v) => isNiceLogTick(v))).toBe(true);
    expect([0.003, 0.7, 3, 0, -1].some((v) => isNiceLogTick(v))).toBe(false);
  });
  it("keeps only powers of ten on an axis spanning many decades", () => {
    expect(isNiceLogTick(0.01, 5)).toBe(true);
    expect(isNiceLogTick(0.02, 5)).toBe(false);
    expect(isNiceLogTick(0.02, 1)).toBe(true);
  });
});
