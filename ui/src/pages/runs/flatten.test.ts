import { describe, expect, it } from "vitest";
import { flatten, formatValue, sameValue } from "./flatten";
import { configDiff } from "./configDiff";

describe("flatten", () => {
  it("joins nested keys with dots and sorts them", () => {
    expect(flatten({ lr: 0.1, optimizer: { name: "adam", betas: [0.9, 0.99] }, a: { b: { c: true } } })).toEqual({
      "a.b.c": true,
      lr: 0.1,
      "optimizer.betas": [0.9, 0.99],
      "optimizer.name": "adam",
    });
    expect(Object.keys(flatten({ z: 1, a: 2 }))).toEqual(["a", "z"]);
  });
  it("keeps nulls and empty objects as leaves and ignores non-objects", () => {
    expect(flatten({ x: null, y: {} })).toEqual({ x: null, y: {} });
    expect(flatten(null)).toEqual({});
    expect(flatten([1, 2])).toEqual({});
    expect(flatten("text")).toEqual({});
  });
});

describe("formatValue / sameValue", () => {
  it("formats JSON values for a cell", () => {
    expect(formatValue(undefined)).toBe("–");
    expect(formatValue(null)).toBe("null");
    expect(formatValue(0.1 + 0.2)).toBe("0.3");
    expect(formatValue([1, "a"])).toBe('[1,"a"]');
    expect(formatValue(false)).toBe("false");
  });
  it("compares deeply, ignoring key order, and tells absent from null", () => {
    expect(sameValue({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(undefined, null)).toBe(false);
    expect(sameValue(1, "1")).toBe(false);
  });
});

describe("configDiff", () => {
  it("lists every flattened key with each run's value and marks those that differ", () => {
    const rows = configDiff([
      { lr: 0.1, optimizer: { name: "adam" }, seed: 1 },
      { lr: 0.01, optimizer: { name: "adam" }, seed: 1, warmup: 10 },
    ]);
    expect(rows).toEqual([
      { key: "lr", values: [0.1, 0.01], differs: true },
      { key: "optimizer.name", values: ["adam", "adam"], differs: false },
      { key: "seed", values: [1, 1], differs: false },
      { key: "warmup", values: [undefined, 10], differs: true },
    ]);
  });
  it("treats equal arrays as the same and a missing config as having no keys", () => {
    const rows = configDiff([{ layers: [64, 64] }, { layers: [64, 64] }, null]);
    expect(rows).toEqual([{ key: "layers", values: [[64, 64], [64, 64], undefined], differs: true }]);
    expect(configDiff([{ a: [1] }, { a: [1] }])[0].differs).toBe(false);
  });
});
