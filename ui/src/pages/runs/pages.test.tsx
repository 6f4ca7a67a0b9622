import { afterEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createMemoryRouter, RouterProvider } from "react-router";
import { createWeftClient } from "../../api/client";
import { RunsPage } from "./RunsPage";
import { RunPage } from "./RunPage";
import { RunComparePage } from "./RunComparePage";

// uPlot reads matchMedia when imported; jsdom has none. (No chart is drawn in these tests.)
vi.hoisted(() => {
  window.matchMedia ??= ((query: string) => ({ matches: false, media: query, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, onchange: null, dispatchEvent: () => false })) as never;
});

// The pages' client talks to an absolute URL so Node's fetch/Request accept it; fetch is mocked.
vi.mock("../../app/session", () => ({
  useProjectApi: () => ({ project: "demo", api: createWeftClient("weft_test", "http://weft.test") }),
}));

const run = (id: string, over: Record<string, unknown> = {}) => ({
  id, name: `run ${id}`, group: "sweep", tags: ["gpu"], state: "finished",
  config: { lr: 0.1, optimizer: { name: "adam" } }, summary: { acc: 0.9 }, notes: null,
  host: { hostname: "box" }, git: { commit: "abcdef1234567890", branch: "main" },
  createdAt: "2026-11-27T10:00:00Z", startedAt: "2026-11-27T10:00:00Z", finishedAt: "2026-11-27T10:05:00Z",
  lastHeartbeatAt: null, exitCode: 0, ...over,
});
const runs = [run("a"), run("b", { state: "crashed", config: { lr: 0.01, optimizer: { name: "adam" } }, summary: { acc: 0.7 } }), run("c", { tags: [] })];

let calls: string[] = [];
function mockApi(handler: (url: URL) => Response | undefined) {
  calls = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request | string) => {
      const url = new URL(typeof input === "string" ? input : input.url);
      calls.push(decodeURIComponent(url.pathname + url.search));
      return handler(url) ?? Response.json({ status: 404, detail: "not mocked" }, { status: 404 });
    }),
  );
}
afterEach(() => vi.unstubAllGlobals());

function show(path: string, element: React.ReactNode, url: string, extra: { path: string; element: React.ReactNode }[] = []) {
  const router = createMemoryRouter([{ path, element }, ...extra], { initialEntries: [url] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

describe("RunsPage", () => {
  it("lists runs with state badges and summary/config columns, and sends the URL's filters to the API", async () => {
    mockApi((url) => (url.pathname === "/api/v1/projects/demo/runs" ? Response.json({ items: runs, nextCursor: null }) : undefined));
    show("/p/:project/runs", <RunsPage />, "/p/demo/runs?state=finished,crashed&summary.acc=gte:0.5&sort=summary.acc&cols=summary.acc,config.optimizer.name");
    const rows = await screen.findAllByTestId("run-row");
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText("crashed").className).toContain("error");
    expect(within(rows[0]).getByText("0.9")).toBeTruthy();
    expect(within(rows[1]).getByText("0.7")).toBeTruthy();
    expect(within(rows[0]).getByText("adam")).toBeTruthy();
    const list = calls.find((c) => c.startsWith("/api/v1/projects/demo/runs?"))!;
    expect(list).toContain("state=finished,crashed");
    expect(list).toContain("summary.acc=gte:0.5");
    expect(list).toContain("sort=summary.acc");
    expect(list).not.toContain("cols=");
  });

  it("sorts by a numeric config column through the API and toggles the order on a second click", async () => {
    mockApi((url) => (url.pathname === "/api/v1/projects/demo/runs" ? Response.json({ items: runs, nextCursor: null }) : undefined));
    const router = show("/p/:project/runs", <RunsPage />, "/p/demo/runs?cols=config.lr,config.optimizer.name");
    await screen.findAllByTestId("run-row");
    expect(screen.queryByRole("button", { name: /optimizer\.name/ })).toBeNull(); // text: not sortable
    await userEvent.click(screen.getByRole("button", { name: /^lr/ }));
    expect(router.state.location.search).toContain("sort=config.lr");
    await waitFor(() => expect(calls.some((c) => c.includes("sort=config.lr&order=desc"))).toBe(true));
    await userEvent.click(screen.getByRole("button", { name: /^lr/ }));
    expect(router.state.location.search).toContain("order=asc");
    await waitFor(() => expect(calls.some((c) => c.includes("sort=config.lr&order=asc"))).toBe(true));
  });

  it("applies a typed tag when focus leaves the box, together with a state ticked next", async () => {
    mockApi((url) => (url.pathname === "/api/v1/projects/demo/runs" ? Response.json({ items: runs, nextCursor: null }) : undefined));
    const router = show("/p/:project/runs", <RunsPage />, "/p/demo/runs");
    await screen.findAllByTestId("run-row");
    await userEvent.type(screen.getByTestId("filter-tag"), "gpu, fast");
    await userEvent.click(screen.getByRole("checkbox", { name: "running" }));
    const url = new URLSearchParams(router.state.location.search);
    expect(url.get("tag")).toBe("gpu,fast");
    expect(url.get("state")).toBe("running");
    await waitFor(() => expect(calls.some((c) => c.includes("state=running") && c.includes("tag=gpu,fast"))).toBe(true));
  });

  it("enables Compare after two runs are checked and opens the compare page with their ids", async () => {
    mockApi((url) => (url.pathname === "/api/v1/projects/demo/runs" ? Response.json({ items: runs, nextCursor: null }) : undefined));
    const router = show("/p/:project/runs", <RunsPage />, "/p/demo/runs", [{ path: "/p/:project/runs/compare", element: <p>compare page</p> }]);
    const rows = await screen.findAllByTestId("run-row");
    const compare = screen.getByTestId("compare-runs") as HTMLButtonElement;
    expect(compare.disabled).toBe(true);
    await userEvent.click(within(rows[0]).getByRole("checkbox"));
    expect(compare.disabled).toBe(true);
    await userEvent.click(within(rows[2]).getByRole("checkbox"));
    expect(router.state.location.search).toContain("sel=a%2Cc");
    await userEvent.click(screen.getByTestId("compare-runs"));
    await waitFor(() => expect(router.state.location.pathname + router.state.location.search).toBe("/p/demo/runs/compare?ids=a,c"));
  });

  it("asks for the next page with the cursor the API gave", async () => {
    mockApi((url) => {
      if (url.pathname !== "/api/v1/projects/demo/runs") return undefined;
      return url.searchParams.get("cursor") === "next1"
        ? Response.json({ items: [run("d")], nextCursor: null })
        : Response.json({ items: runs, nextCursor: "next1" });
    });
    show("/p/:project/runs", <RunsPage />, "/p/demo/runs");
    await screen.findAllByTestId("run-row");
    await userEvent.click(screen.getByText(/Load 50 more/));
    await waitFor(() => expect(screen.getAllByTestId("run-row")).toHaveLength(4));
    expect(screen.queryByText(/Load 50 more/)).toBeNull();
  });

  it("shows how to log a first run when the project has none, and a way out when filters match nothing", async () => {
    mockApi((url) => (url.pathname === "/api/v1/projects/demo/runs" ? Response.json({ items: [], nextCursor: null }) : undefined));
    show("/p/:project/runs", <RunsPage />, "/p/demo/runs");
    expect(await screen.findByText(/No runs yet/)).toBeTruthy();
    expect(screen.getByText(/Weft.run\(\)/)).toBeTruthy();
  });

  it("offers to clear filters when they match nothing", async () => {
    mockApi((url) => (url.pathname === "/api/v1/projects/demo/runs" ? Response.json({ items: [], nextCursor: null }) : undefined));
    const router = show("/p/:project/runs", <RunsPage />, "/p/demo/runs?tag=nope");
    expect(await screen.findByText("No runs match these filters")).toBeTruthy();
    await userEvent.click(screen.getByText("Clear filters"));
    expect(router.state.location.search).toBe("");
  });
});

describe("RunPage", () => {
  it("says the run does not exist and links back to the list on a 404", async () => {
    mockApi((url) => (url.pathname.endsWith("/runs/ghost") ? Response.json({ status: 404, detail: "no run ghost" }, { status: 404 }) : undefined));
    show("/p/:project/runs/:runId", <RunPage />, "/p/demo/runs/ghost");
    const box = await screen.findByTestId("run-not-found");
    expect(within(box).getByRole("link").getAttribute("href")).toBe("/p/demo/runs");
  });

  it("shows the header, flattened config and the linked traces", async () => {
    mockApi((url) => {
      if (url.pathname === "/api/v1/projects/demo/runs/a") return Response.json(run("a"));
      if (url.pathname === "/api/v1/projects/demo/runs/a/metrics") return Response.json([]);
      if (url.pathname === "/api/v1/projects/demo/runs/a/traces")
        return Response.json({ items: [{ traceId: "t1", name: "eval-step", status: "ok", spanCount: 2, errorCount: 0, startTime: "2026-11-27T10:01:00Z", durationMs: 5 }], nextCursor: null });
      return undefined;
    });
    show("/p/:project/runs/:runId", <RunPage />, "/p/demo/runs/a?tab=config");
    expect(await screen.findByRole("heading", { name: "run a" })).toBeTruthy();
    expect(screen.getByText("main · abcdef123456")).toBeTruthy();
    const config = screen.getByTestId("run-config");
    expect(within(config).getByText("optimizer.name")).toBeTruthy();
    await userEvent.click(screen.getByRole("tab", { name: /Traces/ }));
    const link = await screen.findByRole("link", { name: "eval-step" });
    expect(link.getAttribute("href")).toBe("/p/demo/traces/t1");
  });
});

describe("RunPage editing", () => {
  it("saves tags and notes with a PATCH of just those fields and shows the stored run", async () => {
    let patched: unknown = null;
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: Request) => {
        const url = new URL(input.url);
        if (url.pathname === "/api/v1/projects/demo/runs/a" && input.method === "PATCH") {
          patched = await input.json();
          return Response.json(run("a", { tags: ["x", "y"], notes: "lr too high" }));
        }
        if (url.pathname === "/api/v1/projects/demo/runs/a") return Response.json(run("a"));
        if (url.pathname.endsWith("/metrics")) return Response.json([]);
        return Response.json({ status: 404, detail: "not mocked" }, { status: 404 });
      }),
    );
    show("/p/:project/runs/:runId", <RunPage />, "/p/demo/runs/a?tab=config");
    await userEvent.click(await screen.findByTestId("edit-run"));
    const tags = screen.getByTestId("edit-tags");
    await userEvent.clear(tags);
    await userEvent.type(tags, "x, y ,");
    await userEvent.type(screen.getByTestId("edit-notes"), "lr too high");
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("lr too high")).toBeTruthy();
    expect(patched).toEqual({ tags: ["x", "y"], notes: "lr too high" });
    expect(screen.getByRole("link", { name: "y" })).toBeTruthy();
  });

  it("keeps the form open with the server's message when the key may not write", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (input: Request) => {
        const url = new URL(input.url);
        if (input.method === "PATCH") return Response.json({ status: 403, detail: "this key lacks the ingest scope" }, { status: 403 });
        if (url.pathname === "/api/v1/projects/demo/runs/a") return Response.json(run("a"));
        if (url.pathname.endsWith("/metrics")) return Response.json([]);
        return Response.json({ status: 404, detail: "not mocked" }, { status: 404 });
      }),
    );
    show("/p/:project/runs/:runId", <RunPage />, "/p/demo/runs/a?tab=config");
    await userEvent.click(await screen.findByTestId("edit-run"));
    await userEvent.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("this key lacks the ingest scope")).toBeTruthy();
    expect(screen.getByTestId("edit-tags")).toBeTruthy();
  });
});

describe("RunComparePage", () => {
  it("shows a config diff with differing rows marked, and every key when 'only differences' is off", async () => {
    mockApi((url) => {
      if (url.pathname === "/api/v1/projects/demo/runs/compare") return Response.json({ runs: [runs[0], runs[1]], configDiff: {}, series: {} });
      if (url.pathname.endsWith("/metrics")) return Response.json([]);
      return undefined;
    });
    show("/p/:project/runs/compare", <RunComparePage />, "/p/demo/runs/compare?ids=a,b");
    const table = await screen.findByTestId("config-diff");
    expect(calls).toContain("/api/v1/projects/demo/runs/compare?ids=a,b");
    let rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(["lr0.10.01"]);
    expect(rows[0].getAttribute("data-differs")).toBe("true");
    await userEvent.click(screen.getByTestId("only-differences"));
    rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => [r.textContent, r.getAttribute("data-differs")])).toEqual([
      ["lr0.10.01", "true"],
      ["optimizer.nameadamadam", "false"],
    ]);
    expect(await screen.findByText("These runs share no metric key")).toBeTruthy();
  });

  it("asks for two or more runs when given fewer", async () => {
    mockApi(() => undefined);
    show("/p/:project/runs/compare", <RunComparePage />, "/p/demo/runs/compare?ids=a");
    expect(await screen.findByText("Pick two or more runs to compare")).toBeTruthy();
  });
});
