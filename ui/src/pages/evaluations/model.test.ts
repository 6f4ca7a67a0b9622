import { describe, expect, it } from "vitest";
import type { Schemas } from "../../api/client";
import { orderScores, readSummary, shortDigest, splitInput, summariseRows, toRowModel } from "./model";

describe("evaluation view models", () => {
  it("reads a row, counting boolean scores as 1/0 and dropping malformed entries", () => {
    const r = toRowModel({ index: 3, trial: 0, rowId: "q3", rowDigest: "d", input: { q: "?" }, output: "x", scores: { em: true, f1: 0.5, bad: "x" }, passed: { em: true, bad: 1 }, reasons: {}, error: "", scorerErrors: null, traceId: "" } as unknown as Schemas["RowView1"]);
    expect(r.scores).toEqual({ em: 1, f1: 0.5 });
    expect(r.passed).toEqual({ em: true });
    expect(r.error).toBeNull();
    expect(r.traceId).toBeNull();
    expect(r.scorerErrors).toEqual({});
  });
  it("reads the stored summary and skips scores without a mean", () => {
    const s = readSummary({ em: { name: "em", count: 3, mean: 0.5, passRate: 0.5, ciLow: 0.1, ciHigh: 0.9, errors: 1 }, junk: { count: 2 } });
    expect(s).toEqual([{ name: "em", count: 3, mean: 0.5, stddev: null, passRate: 0.5, ciLow: 0.1, ciHigh: 0.9, errors: 1 }]);
    expect(readSummary(null)).toEqual([]);
  });
  it("summarises rows when no summary was stored", () => {
    const rows = [
      toRowModel({ index: 0, scores: { em: 1 }, passed: { em: true } } as unknown as Schemas["RowView1"]),
      toRowModel({ index: 1, scores: { em: 0 }, passed: { em: false } } as unknown as Schemas["RowView1"]),
      toRowModel({ index: 2, error: "boom" } as unknown as Schemas["RowView1"]),
    ];
    expect(summariseRows(rows)).toEqual([{ name: "em", count: 2, mean: 0.5, stddev: null, passRate: 0.5, ciLow: null, ciHigh: null, errors: 1 }]);
  });
  it("orders scores by the scorers, then alphabetically", () => {
    expect(orderScores(["judge", "token_f1", "exact_match", "judge"], ["exact_match", "token_f1"])).toEqual(["exact_match", "token_f1", "judge"]);
    expect(orderScores(["b", "a"])).toEqual(["a", "b"]);
  });
  it("splits a dataset row into input and expected answer", () => {
    expect(splitInput({ id: "q1", input: { question: "Capital of France?" }, expected: "Paris", meta: 1 })).toEqual({ input: "Capital of France?", expected: "Paris", expectedField: "expected" });
    expect(splitInput({ question: "2+2?", reference: "4" })).toEqual({ input: "2+2?", expected: "4", expectedField: "reference" });
    expect(splitInput({ a: 1, b: 2 })).toEqual({ input: { a: 1, b: 2 }, expected: undefined, expectedField: null });
    expect(splitInput("plain")).toEqual({ input: "plain", expected: undefined, expectedField: null });
  });
  it("shortens version digests only", () => {
    expect(shortDigest("ab".repeat(32))).toBe("abababab");
    expect(shortDigest("rows.jsonl@3")).toBe("rows.jsonl@3");
    expect(shortDigest(null)).toBe("–");
  });
});
