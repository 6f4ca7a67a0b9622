import { describe, expect, it } from "vitest";
import { alignSeries } from "./align";

describe("alignSeries", () => {
  it("puts runs with different steps on the union of steps, null where a run has none", () => {
    const out = alignSeries([
      { xs: [0, 10, 20], ys: [1, 2, 3] },
      { xs: [5, 10, 30], ys: [7, 8, 9] },
    ]);
    expect(out.xs).toEqual([0, 5, 10, 20, 30]);
    expect(out.ys[0]).toEqual([1, null, 2, 3, null]);
    expect(out.ys[1]).toEqual([null, 7, 8, null, 9]);
  });

  it("sorts x values even when a line arrives unsorted and keeps the first of a repeated x", () => {
    const out = alignSeries([{ xs: [3, 1, 3], ys: [30, 10, 99] }]);
    expect(out.xs).toEqual([1, 3]);
    expect(out.ys[0]).toEqual([10, 30]);
  });

  it("handles no lines and empty lines", () => {
    expect(alignSeries([])).toEqual({ xs: [], ys: [] });
    expect(alignSeries([{ xs: [], ys: [] }, { xs: [2], ys: [4] }])).toEqual({ xs: [2], ys: [[null], [4]] });
  });

  it("drops non-finite x values", () => {
    const out = alignSeries([{ xs: [Number.NaN, 1], ys: [5, 6] }]);
    expect(out).toEqual({ xs: [1], ys: [[6]] });
  });
});
