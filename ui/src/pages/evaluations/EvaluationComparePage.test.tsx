import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { createWeftClient } from "../../api/client";
import { EvaluationComparePage } from "./EvaluationComparePage";

vi.mock("../../app/session", () => ({
  useProjectApi: () => ({ project: "demo", api: createWeftClient("weft_test", "http://weft.test") }),
}));

const BASE = "aaaaaaaa-0000-0000-0000-000000000001";
const CAND = "aaaaaaaa-0000-0000-0000-000000000002";
const record = (id: string, name: string) => ({
  id, name, dataset: { name: "capitals", version: "ab".repeat(32) }, model: name, prompt: null, parameters: {}, scorers: ["f1"], gitCommit: null,
  summary: {}, durationMs: 1, state: "finished", rowCount: 4, createdAt: "2026-11-27T10:00:00Z", finishedAt: null,
});
const row = (i: number, f1: number | null, over: Record<string, unknown> = {}) => ({
  index: i, trial: 0, rowId: `q${i}`, rowDigest: `d${i}`, input: { question: `Q${i}?`, expected: `A${i}` }, output: `out${i}`,
  scores: f1 === null ? {} : { f1 }, passed: {}, reasons: {}, latencyMs: 1, inputTokens: null, outputTokens: null, costUsd: null,
  error: null, scorerErrors: {}, traceId: null, ...over,
});
const rows: Record<string, unknown[]> = {
  [BASE]: [row(0, 0.9, { traceId: "b".repeat(32) }), row(1, 0.2), row(2, 0.5), row(3, 0.6)],
  [CAND]: [row(0, 0.3, { traceId: "c".repeat(32) }), row(1, 0.8), row(2, 0.5), row(3, 0.7)],
};
const comparison = {
  baseId: BASE, candidateId: CAND, pairedRows: 4, onlyInBase: 0, onlyInCandidate: 0, newErrors: 0, fixedErrors: 0,
  scores: [
    { score: "f1", pairs: 4, baseMean: 0.55, candidateMean: 0.575, meanDelta: 0.025, ciLow: -0.3, ciHigh: 0.35, improved: 2, regressed: 1, unchanged: 1, signTestP: 1, significant: false, regressions: [], improvements: [] },
    { score: "judge", pairs: 4, baseMean: 0.4, candidateMean: 0.7, meanDelta: 0.3, ciLow: 0.1, ciHigh: 0.5, improved: 4, regressed: 0, unchanged: 0, signTestP: 0.0625, significant: true, regressions: [], improvements: [] },
  ],
};

beforeEach(() => {
  vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    if (url.pathname.endsWith("/evaluations/compare")) return Response.json(comparison);
    const id = url.pathname.split("/").pop()!;
    if (rows[id]) return Response.json({ evaluation: record(id, id === BASE ? "base-run" : "candidate-run"), rows: rows[id], matchingRows: 4, nextOffset: null });
    return Response.json({ status: 404, detail: `no evaluation ${id} in this project` }, { status: 404 });
  }));
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(function (this: HTMLElement) {
    return this.dataset?.virtualScroll ? 800 : 30;
  });
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1200);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: "/p/:project/evaluations/compare", element: <EvaluationComparePage /> }], { initialEntries: [url] });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe("compare page", () => {
  it("gives each score its paired difference, interval, p-value and verdict", async () => {
    renderAt(`/p/demo/evaluations/compare?base=${BASE}&candidate=${CAND}`);
    const section = await screen.findByTestId("eval-compare");
    const [f1, judge] = within(section).getAllByRole("row").slice(1);
    expect(f1.textContent).toContain("+0.025 [−0.300, +0.350]");
    expect(f1.textContent).toContain("no significant difference");
    expect(judge.textContent).toContain("p = 0.063");
    expect(judge.textContent).toContain("better");
    expect(judge.className).toContain("row-better");
  });

  it("highlights regressed and improved rows, largest change first, with both traces", async () => {
    renderAt(`/p/demo/evaluations/compare?base=${BASE}&candidate=${CAND}`);
    const regressed = await screen.findAllByTestId("row-regressed");
    expect(regressed).toHaveLength(1);
    expect(regressed[0].className).toContain("row-worse");
    expect(within(regressed[0]).getByRole("link", { name: "base" }).getAttribute("href")).toBe(`/p/demo/traces/${"b".repeat(32)}`);
    expect(within(regressed[0]).getByRole("link", { name: "candidate" }).getAttribute("href")).toBe(`/p/demo/traces/${"c".repeat(32)}`);
    const improved = screen.getAllByTestId("row-improved");
    expect(improved.map((r) => r.className.includes("row-better"))).toEqual([true, true]);
    const order = screen.getAllByRole("row").filter((r) => r.dataset.change).map((r) => r.dataset.change);
    expect(order).toEqual(["regressed", "improved", "improved", "unchanged"]);
  });

  it("filters to regressions only, kept in the URL", async () => {
    const router = renderAt(`/p/demo/evaluations/compare?base=${BASE}&candidate=${CAND}`);
    await screen.findAllByTestId("row-regressed");
    await userEvent.click(screen.getByRole("button", { name: /regressions only/ }));
    await waitFor(() => expect(screen.queryAllByTestId("row-improved")).toHaveLength(0));
    expect(screen.getAllByTestId("row-regressed")).toHaveLength(1);
    expect(router.state.location.search).toContain("show=regressions");
  });

  it("an unknown evaluation says so with a link back", async () => {
    renderAt(`/p/demo/evaluations/compare?base=${BASE}&candidate=aaaaaaaa-0000-0000-0000-00000000dead`);
    expect(await screen.findByText("Cannot compare these evaluations")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Back to all evaluations" })).toBeTruthy();
  });
});
