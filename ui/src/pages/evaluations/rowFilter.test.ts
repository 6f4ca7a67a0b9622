import { describe, expect, it } from "vitest";
import type { EvalRowModel } from "./model";
import { applyFilter, DEFAULT_FILTER, filterFromParams, filterToParams, isFiltering, parseCondition, type RowFilter } from "./rowFilter";

function row(index: number, over: Partial<EvalRowModel> = {}): EvalRowModel {
  return {
    index, trial: 0, rowId: `q${index}`, rowDigest: `d${index}`, input: { question: `question ${index}` }, output: `answer ${index}`,
    scores: {}, passed: {}, reasons: {}, latencyMs: 100 + index, inputTokens: null, outputTokens: null, costUsd: null,
    error: null, scorerErrors: {}, traceId: null, ...over,
  };
}

const rows = [
  row(0, { scores: { f1: 0.9, em: 1 }, passed: { em: true } }),
  row(1, { scores: { f1: 0.2, em: 0 }, passed: { em: false }, output: "Lyon" }),
  row(2, { error: "HTTP 429 from the model" }),
  row(3, { scores: { f1: 0.5, em: 0 }, passed: { em: false } }),
  row(4, { scores: { f1: 0.7 }, scorerErrors: { em: "no reference" } }),
];
const f = (over: Partial<RowFilter>): RowFilter => ({ ...DEFAULT_FILTER, ...over });
const ids = (rs: EvalRowModel[]) => rs.map((r) => r.index);

describe("row filters", () => {
  it("score conditions keep only rows that have the score and satisfy it", () => {
    expect(ids(applyFilter(rows, f({ where: [{ score: "f1", op: "<", value: 0.5 }] })))).toEqual([1]);
    expect(ids(applyFilter(rows, f({ where: [{ score: "f1", op: "<=", value: 0.5 }] })))).toEqual([1, 3]);
    expect(ids(applyFilter(rows, f({ where: [{ score: "f1", op: ">=", value: 0.5 }, { score: "em", op: "=", value: 0 }] })))).toEqual([3]);
  });
  it("failed means a failed pass flag or any error; errors only means model or scorer errors", () => {
    expect(ids(applyFilter(rows, f({ status: "failed" })))).toEqual([1, 2, 3, 4]);
    expect(ids(applyFilter(rows, f({ status: "errors" })))).toEqual([2, 4]);
    expect(ids(applyFilter(rows, f({ status: "passed" })))).toEqual([0]);
  });
  it("search needs every word somewhere in id, input, output or error", () => {
    expect(ids(applyFilter(rows, f({ q: "lyon" })))).toEqual([1]);
    expect(ids(applyFilter(rows, f({ q: "429 model" })))).toEqual([2]);
    expect(ids(applyFilter(rows, f({ q: "question 3" })))).toEqual([3]);
    expect(ids(applyFilter(rows, f({ q: "nowhere" })))).toEqual([]);
  });
});

describe("row sorting", () => {
  it("by a score ascending and descending, rows without it last either way", () => {
    expect(ids(applyFilter(rows, f({ sort: "score:f1" })))).toEqual([1, 3, 4, 0, 2]);
    expect(ids(applyFilter(rows, f({ sort: "score:f1", order: "desc" })))).toEqual([0, 4, 3, 1, 2]);
  });
  it("ties keep dataset order; latency sorts by latency", () => {
    expect(ids(applyFilter(rows, f({ sort: "score:em" })))).toEqual([1, 3, 0, 2, 4]);
    expect(ids(applyFilter(rows, f({ sort: "latency", order: "desc" })))).toEqual([4, 3, 2, 1, 0]);
  });
  it("sorts 10,000 rows", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => row(i, { scores: { f1: ((i * 7919) % 10_000) / 10_000 } }));
    const sorted = applyFilter(many, f({ sort: "score:f1", where: [{ score: "f1", op: "<", value: 0.5 }] }));
    expect(sorted).toHaveLength(5000);
    expect(sorted[0].scores.f1).toBe(0);
    expect(sorted[4999].scores.f1).toBeCloseTo(0.4999);
  });
});

describe("filter in the URL", () => {
  it("round-trips and keeps unrelated parameters", () => {
    const filter = f({ q: "paris", status: "failed", where: [{ score: "token_f1", op: "<", value: 0.5 }], sort: "score:token_f1", order: "desc" });
    const params = filterToParams(filter, new URLSearchParams("row=3"));
    expect(params.toString()).toBe("row=3&q=paris&status=failed&where=token_f1%3C0.5&sort=score%3Atoken_f1&order=desc");
    expect(filterFromParams(params)).toEqual(filter);
  });
  it("defaults stay out of the URL and bad values fall back", () => {
    expect(filterToParams(DEFAULT_FILTER).toString()).toBe("");
    expect(filterFromParams(new URLSearchParams("status=bogus&order=up&where=nonsense"))).toEqual(DEFAULT_FILTER);
    expect(isFiltering(DEFAULT_FILTER)).toBe(false);
  });
  it("parses conditions with every operator", () => {
    expect(parseCondition("judge>=0.75")).toEqual({ score: "judge", op: ">=", value: 0.75 });
    expect(parseCondition("x != -1")).toEqual({ score: "x", op: "!=", value: -1 });
    expect(parseCondition("x < ")).toBeNull();
  });
});
