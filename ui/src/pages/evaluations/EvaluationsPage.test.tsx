import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { createWeftClient } from "../../api/client";
import { EvaluationsPage } from "./EvaluationsPage";

vi.mock("../../app/session", () => ({
  useProjectApi: () => ({ project: "demo", api: createWeftClient("weft_test", "http://weft.test") }),
}));

const DIGEST = "ab".repeat(32);
const evaluation = (id: string, name: string, created: string, dataset = "capitals") => ({
  id, name, dataset: { name: dataset, version: DIGEST }, model: "openai/gpt-4o", prompt: "qa@3", parameters: { temperature: 0 }, scorers: ["exact_match"],
  gitCommit: null, durationMs: 10, state: "finished", rowCount: 20, createdAt: created, finishedAt: created,
  summary: { exact_match: { name: "exact_match", count: 20, mean: 0.8, stddev: 0.4, passRate: 0.8, ciLow: 0.55, ciHigh: 1.0, errors: 0 } },
});
const all = [evaluation("e2", "newer", "2026-11-27T11:00:00Z"), evaluation("e1", "older", "2026-11-27T10:00:00Z"), evaluation("e3", "other", "2026-11-27T09:00:00Z", "tickets")];
let listUrls: string[] = [];

function mock(items = all) {
  listUrls = [];
  vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    if (url.pathname === "/api/v1/projects/demo/evaluations") {
      listUrls.push(url.search);
      const dataset = url.searchParams.get("dataset");
      return Response.json({ items: items.filter((e) => !dataset || e.dataset.name === dataset), nextCursor: null });
    }
    if (url.pathname === "/api/v1/projects/demo/datasets") return Response.json([{ name: "capitals", description: null, latestVersion: 2, tags: {}, createdAt: "2026-11-27T09:00:00Z" }]);
    if (url.pathname === "/api/v1/projects/demo/datasets/capitals/versions") {
      return Response.json([{ dataset: "capitals", number: 2, digest: DIGEST, rowCount: 20, base: 1, message: null, tags: [], createdAt: "2026-11-27T09:00:00Z" }]);
    }
    return Response.json({ status: 404, detail: "no such dataset" }, { status: 404 });
  }));
}
beforeEach(() => mock());
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderAt(url: string) {
  const router = createMemoryRouter(
    [
      { path: "/p/:project/evaluations", element: <EvaluationsPage /> },
      { path: "/p/:project/evaluations/compare", element: <div>compare page</div> },
    ],
    { initialEntries: [url] },
  );
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe("evaluations list", () => {
  it("shows dataset version, model, rows and each score's mean with its interval", async () => {
    renderAt("/p/demo/evaluations");
    const rows = await screen.findAllByTestId("evaluation-row");
    expect(rows).toHaveLength(3);
    await waitFor(() => expect(rows[0].textContent).toContain("capitals v2"));
    expect(rows[0].textContent).toContain("openai/gpt-4o");
    expect(rows[0].textContent).toContain("0.800 [0.550, 1.000]");
    expect(rows[0].textContent).toContain("80% pass");
    expect(rows[2].textContent).toContain("tickets abababab");
  });

  it("filters by dataset through the URL and the server", async () => {
    const router = renderAt("/p/demo/evaluations");
    await screen.findAllByTestId("evaluation-row");
    await userEvent.selectOptions(screen.getByTestId("filter-dataset"), "tickets");
    await waitFor(() => expect(screen.getAllByTestId("evaluation-row")).toHaveLength(1));
    expect(router.state.location.search).toBe("?dataset=tickets");
    expect(listUrls.some((u) => u.includes("dataset=tickets"))).toBe(true);
  });

  it("compares two selected evaluations, the older as base", async () => {
    const router = renderAt("/p/demo/evaluations");
    const rows = await screen.findAllByTestId("evaluation-row");
    const compare = screen.getByTestId("compare-selected");
    expect((compare as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(within(rows[0]).getByRole("checkbox"));
    await userEvent.click(within(rows[1]).getByRole("checkbox"));
    await userEvent.click(compare);
    await screen.findByText("compare page");
    expect(router.state.location.search).toBe("?base=e1&candidate=e2");
  });

  it("with no evaluations, says how to run one from JUnit", async () => {
    mock([]);
    renderAt("/p/demo/evaluations");
    expect(await screen.findByText("No evaluations yet")).toBeTruthy();
    expect(screen.getByText("@ExtendWith(WeftEvaluationExtension.class)")).toBeTruthy();
  });
});
