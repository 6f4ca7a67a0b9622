import { describe, expect, it } from "vitest";
import { emaSmooth } from "./smoothing";

describe("emaSmooth", () => {
  it("returns the values unchanged with weight 0", () => {
    expect(emaSmooth([1, 5, 2], 0)).toEqual([1, 5, 2]);
  });

  it("starts at the first value (debiased) instead of near zero", () => {
    const out = emaSmooth([10, 10, 10], 0.9);
    for (const v of out) expect(v).toBeCloseTo(10, 10);
  });

  it("matches the debiased EMA formula point by point", () => {
    const w = 0.6;
    const out = emaSmooth([1, 3, 2], w);
    // last1 = 0.4*1 = 0.4 / (1-0.6) = 1
    // last2 = 0.4*0.6 + 0.4*3 = 1.44 / (1-0.36) = 2.25
    // last3 = 1.44*0.6 + 0.4*2 = 1.664 / (1-0.216) = 2.1224...
    expect(out[0]).toBeCloseTo(1, 10);
    expect(out[1]).toBeCloseTo(2.25, 10);
    expect(out[2]).toBeCloseTo(1.664 / 0.784, 10);
  });

  it("damps a spike more as the weight grows", () => {
    const series = [0, 0, 0, 10, 0, 0];
    const light = emaSmooth(series, 0.3)[3]!;
    const heavy = emaSmooth(series, 0.9)[3]!;
    expect(light).toBeLessThan(10);
    expect(heavy).toBeLessThan(light);
  });

  it("keeps gaps and does not let them move the average", () => {
    const out = emaSmooth([2, null, 2, Number.NaN, 2], 0.8);
    expect(out[1]).toBeNull();
    expect(out[3]).toBeNaN();
    expect(out[2]).toBeCloseTo(2, 10);
    expect(out[4]).toBeCloseTo(2, 10);
  });

  it("clamps weights outside [0, 0.999]", () => {
    expect(emaSmooth([1, 2], -1)).toEqual([1, 2]);
    const out = emaSmooth([1, 2], 5);
    expect(out[0]).toBeCloseTo(1, 10);
    expect(out[1]).toBeGreaterThan(1);
    expect(out[1]).toBeLessThan(2);
  });
});
