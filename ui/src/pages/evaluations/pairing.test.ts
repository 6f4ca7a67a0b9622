import { describe, expect, it } from "vitest";
import type { EvalRowModel } from "./model";
import { countChanges, filterPairs, foldTrials, pairRows } from "./pairing";

function row(digest: string, score: number | null, over: Partial<EvalRowModel> = {}): EvalRowModel {
  return {
    index: Number(digest.replace(/\D/g, "")) || 0, trial: 0, rowId: digest, rowDigest: digest, input: {}, output: "o",
    scores: score === null ? {} : { f1: score }, passed: {}, reasons: {}, latencyMs: null, inputTokens: null, outputTokens: null,
    costUsd: null, error: null, scorerErrors: {}, traceId: null, ...over,
  };
}

describe("pairing two evaluations", () => {
  const base = [row("d1", 0.9), row("d2", 0.5), row("d3", 0.4), row("d4", null, { error: "timeout" }), row("d5", 1), row("d6", 0.3)];
  const cand = [row("d1", 0.2, { traceId: "t1" }), row("d2", 0.5), row("d3", 0.6), row("d4", 0.8), row("d5", null, { error: "429" }), row("d7", 1)];
  const pairs = pairRows(base, cand, "f1");

  it("classifies by the chosen score; new errors regress, fixed errors improve", () => {
    const byDigest = Object.fromEntries(pairs.map((p) => [p.digest, p]));
    expect(byDigest.d1.change).toBe("regressed");
    expect(byDigest.d1.delta).toBeCloseTo(-0.7);
    expect(byDigest.d1.candidate?.traceId).toBe("t1");
    expect(byDigest.d2.change).toBe("unchanged");
    expect(byDigest.d3.change).toBe("improved");
    expect(byDigest.d4.change).toBe("improved");
    expect(byDigest.d5.change).toBe("regressed");
    expect(byDigest.d6.change).toBe("only-base");
    expect(byDigest.d7.change).toBe("only-candidate");
  });
  it("sorts by the largest change first, errors before score changes, one-sided rows last", () => {
    expect(pairs.map((p) => p.digest)).toEqual(["d4", "d5", "d1", "d3", "d2", "d6", "d7"]);
  });
  it("filters regressions only and improvements only", () => {
    expect(filterPairs(pairs, "regressions").map((p) => p.digest)).toEqual(["d5", "d1"]);
    expect(filterPairs(pairs, "improvements").map((p) => p.digest)).toEqual(["d4", "d3"]);
    expect(filterPairs(pairs, "all")).toHaveLength(7);
    expect(countChanges(pairs)).toEqual({ regressed: 2, improved: 2, unchanged: 1, "only-base": 1, "only-candidate": 1 });
  });
  it("averages the trials of a row", () => {
    const folded = foldTrials([row("d1", 0.2), row("d1", 0.6, { trial: 1, traceId: "t" }), row("d2", 1)]);
    expect(folded.get("d1")?.side.scores.f1).toBeCloseTo(0.4);
    expect(folded.get("d1")?.side.trials).toBe(2);
    expect(folded.get("d1")?.side.traceId).toBe("t");
  });
});
