import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { createWeftClient } from "../../api/client";
import { DatasetPage } from "./DatasetPage";

vi.mock("../../app/session", () => ({
  useProjectApi: () => ({ project: "demo", api: createWeftClient("weft_test", "http://weft.test") }),
}));

const version = (n: number, rowCount: number, tags: string[], message: string | null) => ({
  dataset: "capitals", number: n, digest: String(n).repeat(64), rowCount, base: n > 1 ? n - 1 : null, message, tags, createdAt: "2026-11-27T10:00:00Z",
});
const versions = [version(1, 120, ["first"], "initial import"), version(2, 3, ["prod"], "fix Japan")];
const data = (i: number) => ({ id: `q${i}`, question: `Capital ${i}?`, expected: `City ${i}` });
let requests: string[] = [];

beforeEach(() => {
  requests = [];
  vi.stubGlobal("fetch", vi.fn(async (input: Request) => {
    const url = new URL(input.url);
    requests.push(url.pathname + url.search);
    const path = url.pathname.replace("/api/v1/projects/demo/datasets", "");
    if (path === "/capitals") return Response.json({ name: "capitals", description: "Capital cities", latestVersion: 2, tags: { prod: 2, first: 1 }, createdAt: "2026-11-27T09:00:00Z" });
    if (path === "/capitals/versions") return Response.json(versions);
    const rows = /^\/capitals\/versions\/(\w+)\/rows$/.exec(path);
    if (rows) {
      const v = versions.find((x) => String(x.number) === rows[1])!;
      const after = Number(url.searchParams.get("after"));
      const limit = Number(url.searchParams.get("limit"));
      const page = Array.from({ length: Math.max(0, Math.min(limit, v.rowCount - after - 1)) }, (_, k) => ({ position: after + 1 + k, row: { data: data(after + 1 + k), digest: "f".repeat(64) } }));
      const last = page.length ? page[page.length - 1].position : after;
      return Response.json({ version: v, rows: page, nextAfter: last < v.rowCount - 1 ? last : null });
    }
    if (path === "/capitals/diff") {
      return Response.json({
        matchedBy: "id",
        added: [{ position: 2, row: { data: { id: "q9", question: "Capital of Mali?", expected: "Bamako" }, digest: "a".repeat(64) } }],
        removed: [{ position: 3, row: { data: { id: "q3", question: "Capital of Kenya?", expected: "Nairobi" }, digest: "b".repeat(64) } }],
        changed: [{ id: "q1", from: { position: 1, row: { data: { id: "q1", question: "Capital of Japan?", expected: "Tokyo" }, digest: "c".repeat(64) } }, to: { position: 1, row: { data: { id: "q1", question: "Capital of Japan?", expected: "Tokyo (東京)" }, digest: "d".repeat(64) } } }],
      });
    }
    return Response.json({ status: 404, detail: "no dataset named 'nope' in this project" }, { status: 404 });
  }));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: "/p/:project/datasets/:name", element: <DatasetPage /> }], { initialEntries: [url] });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe("dataset page", () => {
  it("lists versions newest first with tags, row counts and messages", async () => {
    renderAt("/p/demo/datasets/capitals");
    const items = await screen.findAllByTestId("dataset-version");
    expect(items.map((i) => i.textContent)).toEqual([expect.stringContaining("v2"), expect.stringContaining("v1")]);
    expect(items[0].textContent).toContain("prod");
    expect(items[0].textContent).toContain("3 rows");
    expect(items[0].textContent).toContain("fix Japan");
    expect(items[1].textContent).toContain("initial import");
  });

  it("pages through the rows of the chosen version, keeping version and page in the URL", async () => {
    const router = renderAt("/p/demo/datasets/capitals?version=1");
    await waitFor(() => expect(screen.getAllByTestId("dataset-data-row")).toHaveLength(50));
    expect(screen.getByText("page 1 of 3 · rows 0–49")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Next →" }));
    await waitFor(() => expect(screen.getByText("page 2 of 3 · rows 50–99")).toBeTruthy());
    expect(router.state.location.search).toBe("?version=1&page=1");
    expect(requests).toContain("/api/v1/projects/demo/datasets/capitals/versions/1/rows?after=49&limit=50");
    await userEvent.click(screen.getAllByTestId("dataset-data-row")[0]);
    expect(await screen.findByText(/Row 50 · digest/)).toBeTruthy();
  });

  it("shows a diff with added, removed and changed rows, the changed field side by side", async () => {
    renderAt("/p/demo/datasets/capitals?tab=diff&from=1&to=2");
    const diff = await screen.findByTestId("dataset-diff");
    await waitFor(() => expect(within(diff).getAllByRole("row").filter((r) => r.dataset.change)).toHaveLength(3));
    const kinds = within(diff).getAllByRole("row").filter((r) => r.dataset.change).map((r) => r.dataset.change);
    expect(kinds).toEqual(["changed", "added", "removed"]);
    const changed = within(diff).getAllByRole("row").find((r) => r.dataset.change === "changed")!;
    expect(within(changed).getByText("expected")).toBeTruthy();
    expect(within(changed).getByText("Tokyo")).toBeTruthy();
    expect(within(changed).getByText("Tokyo (東京)")).toBeTruthy();
    expect(within(changed).getByText("2 unchanged fields hidden")).toBeTruthy();
    expect(diff.textContent).toContain("+1 added");
    expect(diff.textContent).toContain("rows matched by their id field");
  });

  it("links to the dataset's leaderboard", async () => {
    renderAt("/p/demo/datasets/capitals");
    expect((await screen.findByRole("link", { name: "Leaderboard" })).getAttribute("href")).toBe("/p/demo/evaluations/leaderboard?dataset=capitals");
  });

  it("an unknown dataset says so with a link back", async () => {
    renderAt("/p/demo/datasets/nope");
    expect(await screen.findByText("No such dataset")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Back to all datasets" }).getAttribute("href")).toBe("/p/demo/datasets");
  });
});
