import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { createWeftClient } from "../../api/client";
import { EvaluationPage } from "./EvaluationPage";

// The page's client talks to an absolute URL so Node's fetch/Request accept it; fetch is mocked.
vi.mock("../../app/session", () => ({
  useProjectApi: () => ({ project: "demo", api: createWeftClient("weft_test", "http://weft.test") }),
}));

const ID = "11111111-2222-3333-4444-555555555555";
const evaluation = {
  id: ID, name: "qa-nightly", dataset: { name: "capitals", version: "ab".repeat(32) }, model: "openai/gpt-4o-mini", prompt: "qa@3",
  parameters: { temperature: 0 }, scorers: ["exact_match", "token_f1"], gitCommit: "0123456789abcdef", durationMs: 1200, state: "finished",
  rowCount: 4, createdAt: "2026-11-27T10:00:00Z", finishedAt: "2026-11-27T10:00:02Z",
  summary: {
    exact_match: { name: "exact_match", count: 3, mean: 0.6667, stddev: 0.57, passRate: 0.6667, ciLow: 0, ciHigh: 1, errors: 1 },
    token_f1: { name: "token_f1", count: 3, mean: 0.7, stddev: 0.3, passRate: null, ciLow: 0.4, ciHigh: 1.0, errors: 1 },
  },
};
const row = (index: number, over: Record<string, unknown>) => ({
  index, trial: 0, rowId: `q${index}`, rowDigest: `${index}`.repeat(64).slice(0, 64), input: { id: `q${index}`, question: `Capital number ${index}?`, expected: `City ${index}` },
  output: `City ${index}`, scores: { exact_match: 1, token_f1: 1 }, passed: { exact_match: true }, reasons: {}, latencyMs: 100, inputTokens: 10,
  outputTokens: 2, costUsd: 0.0001, error: null, scorerErrors: {}, traceId: null, ...over,
});
const rows = [
  row(0, { traceId: "aa".repeat(16) }),
  row(1, { output: "Lyon", scores: { exact_match: 0, token_f1: 0.2 }, passed: { exact_match: false }, reasons: { token_f1: "one token" } }),
  row(2, { output: null, scores: {}, passed: {}, error: "HTTP 429 Too Many Requests" }),
  row(3, { output: "City 3 maybe", scores: { exact_match: 1, token_f1: 0.9 } }),
];

let calls: string[] = [];
function mockApi(status = 200) {
  calls = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request | string) => {
      const url = new URL(typeof input === "string" ? input : input.url);
      calls.push(url.pathname + url.search);
      if (url.pathname.endsWith(`/evaluations/${ID}`)) {
        if (status !== 200) return Response.json({ status, detail: `no evaluation ${ID} in this project` }, { status });
        const offset = Number(url.searchParams.get("offset") ?? 0);
        const limit = Number(url.searchParams.get("limit") ?? 100);
        const page = rows.slice(offset, offset + limit);
        return Response.json({ evaluation, rows: page, matchingRows: rows.length, nextOffset: offset + limit < rows.length ? offset + limit : null });
      }
      if (url.pathname.endsWith("/datasets/capitals/versions")) {
        return Response.json([{ dataset: "capitals", number: 2, digest: "ab".repeat(32), rowCount: 4, base: 1, message: null, tags: [], createdAt: "2026-11-27T09:00:00Z" }]);
      }
      if (url.pathname.endsWith("/evaluations")) return Response.json({ items: [evaluation], nextCursor: null });
      return Response.json({ status: 404, detail: "not mocked" }, { status: 404 });
    }),
  );
}

// jsdom has no layout: give the virtual table's scroll box a size so it renders rows.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockImplementation(function (this: HTMLElement) {
    const h = this.dataset.virtualScroll ? 800 : 30;
    return { width: 1200, height: h, top: 0, left: 0, right: 1200, bottom: h, x: 0, y: 0, toJSON: () => ({}) } as DOMRect;
  });
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
  const router = createMemoryRouter([{ path: "/p/:project/evaluations/:evaluationId", element: <EvaluationPage /> }], { initialEntries: [url] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

const shownIndexes = () => screen.queryAllByTestId("eval-row").map((tr) => within(tr).getAllByRole("cell")[0].textContent);

describe("evaluation page", () => {
  it("shows the summary with intervals and pass rate, and every row with its scores", async () => {
    mockApi();
    renderAt(`/p/demo/evaluations/${ID}`);
    const summary = await screen.findByTestId("eval-summary");
    expect(summary.textContent).toContain("exact_match");
    expect(summary.textContent).toContain("0.667 [0.000, 1.000]");
    expect(summary.textContent).toContain("pass rate 66.7%");
    expect(summary.textContent).toContain("0.700 [0.400, 1.000]");
    await waitFor(() => expect(shownIndexes()).toEqual(["0", "1", "2", "3"]));
    expect(screen.getByText("HTTP 429 Too Many Requests")).toBeTruthy();
    expect(screen.getByRole("link", { name: "trace" }).getAttribute("href")).toBe(`/p/demo/traces/${"aa".repeat(16)}`);
    expect(screen.getByRole("link", { name: "capitals" }).getAttribute("href")).toBe("/p/demo/datasets/capitals?version=2");
  });

  it("loads every page of rows", async () => {
    mockApi();
    renderAt(`/p/demo/evaluations/${ID}`);
    await waitFor(() => expect(shownIndexes()).toHaveLength(4));
    expect(calls.filter((c) => c.includes(`/evaluations/${ID}?`))).toHaveLength(1);
    expect(calls.find((c) => c.includes(`/evaluations/${ID}?`))).toContain("limit=1000");
  });

  it("filters by a score condition and sorts by a score from the URL", async () => {
    mockApi();
    renderAt(`/p/demo/evaluations/${ID}?where=token_f1%3C0.95&sort=score:token_f1&order=desc`);
    await waitFor(() => expect(shownIndexes()).toEqual(["3", "1"]));
    expect(screen.getByText(/2 of 4 rows/)).toBeTruthy();
  });

  it("failed only and errors only, chosen in the toolbar, go into the URL", async () => {
    mockApi();
    const router = renderAt(`/p/demo/evaluations/${ID}`);
    await waitFor(() => expect(shownIndexes()).toHaveLength(4));
    await userEvent.selectOptions(screen.getByTestId("filter-status"), "failed");
    await waitFor(() => expect(shownIndexes()).toEqual(["1", "2"]));
    expect(router.state.location.search).toBe("?status=failed");
    await userEvent.selectOptions(screen.getByTestId("filter-status"), "errors");
    await waitFor(() => expect(shownIndexes()).toEqual(["2"]));
  });

  it("searches text and sorts by clicking a score column", async () => {
    mockApi();
    const router = renderAt(`/p/demo/evaluations/${ID}`);
    await waitFor(() => expect(shownIndexes()).toHaveLength(4));
    await userEvent.click(screen.getByRole("button", { name: "token_f1" }));
    await waitFor(() => expect(shownIndexes()).toEqual(["1", "3", "0", "2"]));
    expect(router.state.location.search).toBe("?sort=score%3Atoken_f1");
    await userEvent.type(screen.getByTestId("filter-q"), "lyon");
    await waitFor(() => expect(shownIndexes()).toEqual(["1"]));
  });

  it("adds a score filter from the toolbar", async () => {
    mockApi();
    const router = renderAt(`/p/demo/evaluations/${ID}`);
    await waitFor(() => expect(shownIndexes()).toHaveLength(4));
    await userEvent.selectOptions(screen.getByLabelText("Condition score"), "token_f1");
    await userEvent.click(screen.getByRole("button", { name: "Add filter" }));
    await waitFor(() => expect(shownIndexes()).toEqual(["1"]));
    expect(router.state.location.search).toBe("?where=token_f1%3C0.5");
    await userEvent.click(screen.getByRole("button", { name: "Remove filter token_f1 < 0.5" }));
    await waitFor(() => expect(shownIndexes()).toHaveLength(4));
  });

  it("a click on a histogram bar shows the rows in it", async () => {
    mockApi();
    const router = renderAt(`/p/demo/evaluations/${ID}`);
    await waitFor(() => expect(shownIndexes()).toHaveLength(4));
    await userEvent.click(screen.getByRole("button", { name: "0.200 ≤ token_f1 < 0.300: 1 rows" }));
    await waitFor(() => expect(shownIndexes()).toEqual(["1"]));
    expect(new URLSearchParams(router.state.location.search).getAll("where")).toEqual(["token_f1>=0.2", "token_f1<0.3"]);
    await userEvent.click(screen.getByRole("button", { name: "exact_match = 1: 2 rows" }));
    await waitFor(() => expect(shownIndexes()).toEqual([]));
    expect(new URLSearchParams(router.state.location.search).getAll("where")).toEqual(["token_f1>=0.2", "token_f1<0.3", "exact_match=1"]);
  });

  it("expands a row to its full input, output and score reasons", async () => {
    mockApi();
    renderAt(`/p/demo/evaluations/${ID}`);
    await waitFor(() => expect(shownIndexes()).toHaveLength(4));
    await userEvent.click(screen.getAllByTestId("eval-row")[1]);
    expect(await screen.findByText("one token")).toBeTruthy();
    expect(screen.getByText("Input (the dataset row)")).toBeTruthy();
  });

  it("an unknown id says so and links back to the list", async () => {
    mockApi(404);
    renderAt(`/p/demo/evaluations/${ID}`);
    expect(await screen.findByText("No such evaluation")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Back to all evaluations" }).getAttribute("href")).toBe("/p/demo/evaluations");
  });
});
