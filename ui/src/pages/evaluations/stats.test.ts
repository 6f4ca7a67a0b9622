import { describe, expect, it } from "vitest";
import { ciBar, formatCI, formatDelta, formatP, formatPercent, formatScore, histogram, scoreDomain, verdict, verdictLabel } from "./stats";

describe("confidence interval formatting", () => {
  it("every interval reads as mean [lo, hi], symmetric or skewed, so rows compare at a glance", () => {
    expect(formatCI(0.812, 0.771, 0.853)).toBe("0.812 [0.771, 0.853]");
    expect(formatCI(0.95, 0.8, 1)).toBe("0.950 [0.800, 1.000]");
  });
  it("no interval gives the mean alone, no mean a dash", () => {
    expect(formatCI(0.5, null, null)).toBe("0.500");
    expect(formatCI(null, 0.1, 0.2)).toBe("–");
    expect(formatCI(NaN, 0.1, 0.2)).toBe("–");
  });
  it("scores, deltas, rates and p-values", () => {
    expect(formatScore(0.66666)).toBe("0.667");
    expect(formatScore(1234)).toBe("1234");
    expect(formatDelta(0.125)).toBe("+0.125");
    expect(formatDelta(-0.04)).toBe("−0.040");
    expect(formatDelta(0.00001)).toBe("±0.000");
    expect(formatPercent(0.8333)).toBe("83.3%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatP(0.0004)).toBe("p < 0.001");
    expect(formatP(0.375)).toBe("p = 0.375");
  });
  it("the bar places mean and interval in percent of the domain, clamped", () => {
    expect(ciBar(0.5, 0.25, 0.75)).toEqual({ mean: 50, lo: 25, hi: 75 });
    expect(ciBar(0.5, -1, 2)).toEqual({ mean: 50, lo: 0, hi: 100 });
    expect(ciBar(5, 0, 10, 0, 10)).toEqual({ mean: 50, lo: 0, hi: 100 });
    expect(scoreDomain([0.2, -0.5, 3])).toEqual([-0.5, 3]);
    expect(scoreDomain([0.2, null])).toEqual([0, 1]);
  });
});

describe("compare verdict", () => {
  it("better or worse only when the interval excludes zero", () => {
    expect(verdict({ meanDelta: 0.1, ciLow: 0.02, ciHigh: 0.2, significant: true })).toBe("better");
    expect(verdict({ meanDelta: -0.1, ciLow: -0.2, ciHigh: -0.01, significant: true })).toBe("worse");
    expect(verdict({ meanDelta: 0.17, ciLow: -0.05, ciHigh: 0.39, significant: false })).toBe("no-difference");
  });
  it("falls back to the interval when the server gives no significance flag", () => {
    expect(verdict({ meanDelta: 0.1, ciLow: 0.02, ciHigh: 0.2 })).toBe("better");
    expect(verdict({ meanDelta: 0.1, ciLow: -0.02, ciHigh: 0.2 })).toBe("no-difference");
    expect(verdict({ meanDelta: 0.1, ciLow: null, ciHigh: null })).toBe("no-difference");
  });
  it("a lower-is-better score flips the direction", () => {
    expect(verdict({ meanDelta: -0.1, ciLow: -0.2, ciHigh: -0.01, significant: true }, false)).toBe("better");
    expect(verdictLabel("no-difference")).toBe("no significant difference");
  });
});

describe("score histogram", () => {
  it("counts values into ten bars over 0–1, the top value in the last bar", () => {
    const bins = histogram([0, 0.05, 0.15, 0.5, 0.95, 1]);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(bins[0].lo).toBe(0);
    expect(bins[9].hi).toBeCloseTo(1);
  });
  it("pass/fail scores get two bars", () => {
    expect(histogram([1, 0, 1, 1])).toEqual([
      { lo: 0, hi: 0, count: 1 },
      { lo: 1, hi: 1, count: 3 },
    ]);
  });
  it("widens to values outside 0–1 and is empty without values", () => {
    const bins = histogram([0, 10], 5);
    expect(bins.map((b) => [b.lo, b.count])).toEqual([[0, 1], [2, 0], [4, 0], [6, 0], [8, 1]]);
    expect(histogram([])).toEqual([]);
  });
});
