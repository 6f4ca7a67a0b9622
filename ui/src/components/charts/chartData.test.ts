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
