import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { LIVE_INTERVAL_MS, TracesPage } from "../TracesPage";
import { fakeFetch, renderPage, type FakeApi } from "./testing";

vi.mock("../../../app/session", async () => {
  const { createWeftClient } = await import("../../../api/client");
  return { useProjectApi: () => ({ project: "demo", api: createWeftClient("test-key", "http://weft.test") }) };
});

function trace(i: number, extra: Record<string, unknown> = {}) {
  return {
    traceId: i.toString(16).padStart(32, "0"),
    name: `agent turn ${i}`,
    complete: true,
    startTime: new Date(Date.UTC(2026, 10, 27, 10, 0, 0) - i * 60_000).toISOString(),
    endTime: new Date(Date.UTC(2026, 10, 27, 10, 0, 1) - i * 60_000).toISOString(),
    durationMs: 812.4,
    spanCount: 3,
    errorCount: 0,
    status: "ok",
    inputTokens: 1200,
    outputTokens: 300,
    totalTokens: 1500,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0.0048,
    models: ["gpt-4o"],
    providers: ["openai"],
    kinds: ["agent", "chat"],
    sessionId: null,
    runId: null,
    inputPreview: null,
    outputPreview: null,
    ...extra,
  };
}

const location = () => screen.getByTestId("location").textContent ?? "";
const page = (path = "/p/demo/traces") => renderPage("traces", <TracesPage />, path);

let api: FakeApi;
let answer: (url: URL) => { status?: number; body: unknown };

beforeEach(() => {
  answer = () => ({ body: { items: [trace(1), trace(2)], nextCursor: null } });
  api = fakeFetch((url) => (url.pathname === "/api/v1/projects/demo/traces" ? answer(url) : undefined));
});
afterEach(() => vi.unstubAllGlobals());

describe("traces page", () => {
  it("renders one row per trace with its links, asking the API for one bounded page", async () => {
    answer = () => ({
      body: {
        items: [
          trace(1, { sessionId: "conv 1", runId: "run-7", models: ["gpt-4o", "gpt-4o-mini", "o3"] }),
          trace(2, { complete: false, name: "chat gpt-4o", status: "error", errorCount: 1 }),
        ],
        nextCursor: null,
      },
    });
    page();
    const rows = await screen.findAllByTestId("trace-row");
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain("agent turn 1");
    const link = within(rows[0]).getByRole("link", { name: "agent turn 1" });
    expect(link.getAttribute("href")).toBe(`/p/demo/traces/${trace(1).traceId}`);
    expect(within(rows[0]).getByRole("link", { name: "conv 1" }).getAttribute("href")).toBe("/p/demo/sessions/conv%201");
    expect(within(rows[0]).getByRole("link", { name: "run-7" }).getAttribute("href")).toBe("/p/demo/runs/run-7");
    expect(rows[0].textContent).toContain("1500");
    expect(rows[0].textContent).toContain("$0.0048");
    expect(rows[0].textContent).toContain("812 ms");
    expect(rows[0].textContent).toContain("gpt-4o, gpt-4o-mini +1");
    expect(rows[1].textContent).toContain("incomplete");
    expect(rows[1].textContent).toContain("error");
    const calls = api.listCalls();
    expect(calls).toHaveLength(1);
    expect([...calls[0].searchParams]).toEqual([["limit", "50"]]);
    expect((screen.getByTestId("page-next") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows how many traces the filters match, counted once per set of filters", async () => {
    answer = (url) =>
      url.searchParams.get("total") === "true"
        ? { body: { items: [trace(1)], nextCursor: "c1", total: { count: 1234, exact: true } } }
        : { body: { items: [trace(1), trace(2)], nextCursor: "c2" } };
    page("/p/demo/traces?status=error");
    expect((await screen.findByTestId("trace-count")).textContent).toBe("1,234 traces");
    const counts = api.countCalls();
    expect(counts).toHaveLength(1);
    expect([...counts[0].searchParams].sort()).toEqual([
      ["limit", "1"],
      ["status", "error"],
      ["total", "true"],
    ]);
    // Sorting and paging change the rows, not the count: no second count.
    await userEvent.click(screen.getByTestId("sort-cost"));
    await waitFor(() => expect(api.listCalls().at(-1)!.searchParams.get("sort")).toBe("cost"));
    await userEvent.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(api.listCalls().at(-1)!.searchParams.get("cursor")).toBe("c2"));
    expect(api.countCalls()).toHaveLength(1);
    // Another filter is another count.
    await userEvent.selectOptions(screen.getByTestId("filter-range"), "1h");
    await waitFor(() => expect(api.countCalls()).toHaveLength(2));
    expect(api.countCalls()[1].searchParams.get("from")).not.toBeNull();
    // A text search would read every span in range to count: no count, none shown.
    await userEvent.type(screen.getByTestId("filter-q"), "refund{Enter}");
    await waitFor(() => expect(api.listCalls().at(-1)!.searchParams.get("q")).toBe("refund"));
    expect(screen.queryByTestId("trace-count")).toBeNull();
    expect(api.countCalls()).toHaveLength(2);
  });

  it("says when the server stopped counting", async () => {
    answer = (url) =>
      url.searchParams.get("total") === "true"
        ? { body: { items: [], nextCursor: null, total: { count: 10000, exact: false } } }
        : { body: { items: [trace(1)], nextCursor: null } };
    page();
    expect((await screen.findByTestId("trace-count")).textContent).toBe("10,000+ traces");
  });

  it("asks for filter suggestions only once the user turns to the filters, then offers them", async () => {
    api = fakeFetch((url) => {
      if (url.pathname === "/api/v1/projects/demo/traces") return answer(url);
      if (url.pathname === "/api/v1/projects/demo/traces/facets") {
        return { body: { from: "x", to: "y", models: ["o3"], providers: ["openai"], kinds: ["chat"] } };
      }
      return undefined;
    });
    page();
    await screen.findAllByTestId("trace-row");
    const facetCalls = () => api.calls.filter((u) => u.pathname.endsWith("/traces/facets"));
    expect(facetCalls()).toHaveLength(0);
    fireEvent.focus(screen.getByTestId("filter-model"));
    await waitFor(() => expect(document.querySelector('#trace-models option[value="o3"]')).not.toBeNull());
    expect(facetCalls()).toHaveLength(1);
  });

  it("sorting by a column writes sort and order to the URL and asks the API for that order", async () => {
    page();
    await screen.findAllByTestId("trace-row");
    await userEvent.click(screen.getByTestId("sort-cost"));
    await waitFor(() => expect(location()).toBe("/p/demo/traces?sort=cost"));
    await waitFor(() => expect(api.listCalls().at(-1)!.searchParams.get("sort")).toBe("cost"));
    expect(screen.getByTestId("sort-cost").closest("th")!.getAttribute("aria-sort")).toBe("descending");
    await userEvent.click(screen.getByTestId("sort-cost"));
    await waitFor(() => expect(location()).toBe("/p/demo/traces?sort=cost&order=asc"));
    await waitFor(() => expect(api.listCalls().at(-1)!.searchParams.get("order")).toBe("asc"));
  });

  it("filters from a shared link go to the API and show in the inputs", async () => {
    page("/p/demo/traces?range=1h&status=error&model=gpt-4o,o3&kind=tool&minDurationMs=250&minCost=0.01&q=refund&session=s1&run=r1&attr=user.id%3D42&attr=tier%3Dgold");
    await screen.findAllByTestId("trace-row");
    const q = api.listCalls()[0].searchParams;
    expect(q.get("status")).toBe("error");
    expect(q.getAll("model")).toEqual(["gpt-4o", "o3"]);
    expect(q.getAll("kind")).toEqual(["tool"]);
    expect(q.getAll("attr")).toEqual(["user.id=42", "tier=gold"]);
    expect(q.get("minDurationMs")).toBe("250");
    expect(q.get("minCost")).toBe("0.01");
    expect(q.get("q")).toBe("refund");
    expect(q.get("session")).toBe("s1");
    expect(q.get("run")).toBe("r1");
    expect(Date.now() - Date.parse(q.get("from")!)).toBeGreaterThanOrEqual(3_600_000);
    expect((screen.getByTestId("filter-status") as HTMLInputElement).value).toBe("error");
    expect((screen.getByTestId("filter-model") as HTMLInputElement).value).toBe("gpt-4o, o3");
    expect((screen.getByTestId("filter-q") as HTMLInputElement).value).toBe("refund");
    expect((screen.getByTestId("filter-range") as HTMLInputElement).value).toBe("1h");
    expect((screen.getByTestId("filter-kind-tool") as HTMLInputElement).checked).toBe(true);
    expect(screen.getAllByTestId("attr-chip").map((c) => c.textContent)).toEqual(["user.id=42×", "tier=gold×"]);
  });

  it("typing a search and pressing Enter writes it to the URL and starts from the first page", async () => {
    page("/p/demo/traces?cursor=abc");
    await screen.findAllByTestId("trace-row");
    await userEvent.type(screen.getByTestId("filter-q"), "capital{Enter}");
    await waitFor(() => expect(location()).toBe("/p/demo/traces?q=capital"));
    await waitFor(() => expect(api.listCalls().at(-1)!.searchParams.get("q")).toBe("capital"));
    expect(api.listCalls().at(-1)!.searchParams.get("cursor")).toBeNull();
  });

  it("selects, kinds and attributes each update their URL parameter", async () => {
    page();
    await screen.findAllByTestId("trace-row");
    fireEvent.change(screen.getByTestId("filter-status"), { target: { value: "error" } });
    await waitFor(() => expect(location()).toBe("/p/demo/traces?status=error"));
    await userEvent.click(screen.getByTestId("filter-kind-chat"));
    await waitFor(() => expect(location()).toBe("/p/demo/traces?status=error&kind=chat"));
    await userEvent.type(screen.getByTestId("filter-attr"), "nokey{Enter}");
    expect(await screen.findByText("use key=value, e.g. user.id=42")).toBeTruthy();
    await userEvent.clear(screen.getByTestId("filter-attr"));
    await userEvent.type(screen.getByTestId("filter-attr"), "user.id=42{Enter}");
    await waitFor(() => expect(location()).toBe("/p/demo/traces?status=error&kind=chat&attr=user.id%3D42"));
    await userEvent.type(screen.getByTestId("filter-minCost"), "abc{Enter}");
    expect(await screen.findByText("a number ≥ 0")).toBeTruthy();
    expect(location()).not.toContain("minCost");
  });

  it("a trace name is added whole as a chip, commas and all, and removed with its button", async () => {
    page();
    await screen.findAllByTestId("trace-row");
    await userEvent.type(screen.getByTestId("filter-name"), "invoke_agent support, v2{Enter}");
    await waitFor(() => expect(location()).toBe("/p/demo/traces?name=invoke_agent+support%2C+v2"));
    await waitFor(() => expect(api.listCalls().at(-1)!.searchParams.getAll("name")).toEqual(["invoke_agent support, v2"]));
    expect(screen.getAllByTestId("filter-name-chip").map((c) => c.textContent)).toEqual(["invoke_agent support, v2×"]);

    await userEvent.click(screen.getByRole("button", { name: "Remove invoke_agent support, v2" }));
    await waitFor(() => expect(location()).toBe("/p/demo/traces"));
    expect(screen.queryAllByTestId("filter-name-chip")).toHaveLength(0);
  });

  it("shows the server's message for a 400 and keeps the filters to fix it", async () => {
    answer = () => ({ status: 400, body: { type: "urn:weft:problem:bad-request", title: "Bad Request", status: 400, detail: "'from' must be before 'to'" } });
    page("/p/demo/traces?from=2026-11-27T11:00:00Z&to=2026-11-27T10:00:00Z");
    expect(await screen.findByText("'from' must be before 'to'")).toBeTruthy();
    expect(screen.getByTestId("filter-to")).toBeTruthy();
  });

  it("a failed refresh keeps the rows on screen and says why", async () => {
    page();
    await screen.findAllByTestId("trace-row");
    answer = () => ({ status: 503, body: { status: 503, title: "Service Unavailable", detail: "database is restarting" } });
    await userEvent.click(screen.getByRole("button", { name: "Refresh" }));
    expect((await screen.findByTestId("refresh-error")).textContent).toContain("database is restarting");
    expect(screen.getAllByTestId("trace-row")).toHaveLength(2);
  });

  it("a hand-edited URL with invalid values does not crash: they are ignored, explained, and can be removed", async () => {
    page("/p/demo/traces?status=maybe&minCost=lots&attr=nokey&model=gpt-4o");
    await screen.findAllByTestId("trace-row");
    expect(screen.getByText(/Ignored status 'maybe'/)).toBeTruthy();
    expect(screen.getByText(/Ignored attr 'nokey'/)).toBeTruthy();
    const q = api.listCalls()[0].searchParams;
    expect([...q.keys()].sort()).toEqual(["limit", "model"]);
    await userEvent.click(screen.getByRole("button", { name: "Remove them from the URL" }));
    await waitFor(() => expect(location()).toBe("/p/demo/traces?model=gpt-4o"));
  });

  it("an empty project explains how to send traces", async () => {
    answer = () => ({ body: { items: [], nextCursor: null } });
    page();
    expect(await screen.findByText("No traces yet")).toBeTruthy();
    expect(screen.getByText(/OTEL_EXPORTER_OTLP_ENDPOINT=/).textContent).toContain("Authorization=Bearer");
    expect(screen.getByRole("link", { name: "Settings" }).getAttribute("href")).toBe("/p/demo/settings");
    expect(screen.getByText("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true").parentElement?.textContent).toContain(
      "/v1/logs",
    );
  });

  it("no match offers to clear the filters, keeping the sort", async () => {
    answer = (url) => ({ body: { items: url.searchParams.has("status") ? [] : [trace(1)], nextCursor: null } });
    page("/p/demo/traces?status=error&sort=cost");
    expect(await screen.findByText("No traces match these filters")).toBeTruthy();
    await userEvent.click(screen.getAllByRole("button", { name: "Clear filters" })[0]);
    await waitFor(() => expect(location()).toBe("/p/demo/traces?sort=cost"));
    expect(await screen.findAllByTestId("trace-row")).toHaveLength(1);
  });

  it("pages with the API's cursor; Previous returns to the page before", async () => {
    answer = (url) => {
      const cursor = url.searchParams.get("cursor");
      if (!cursor) return { body: { items: [trace(1), trace(2)], nextCursor: "p2" } };
      if (cursor === "p2") return { body: { items: [trace(3), trace(4)], nextCursor: "p3" } };
      return { body: { items: [trace(5)], nextCursor: null } };
    };
    page();
    await screen.findByText("agent turn 1");
    await userEvent.click(screen.getByTestId("page-next"));
    expect(await screen.findByText("agent turn 3")).toBeTruthy();
    expect(location()).toBe("/p/demo/traces?cursor=p2");
    await userEvent.click(screen.getByTestId("page-next"));
    expect(await screen.findByText("agent turn 5")).toBeTruthy();
    expect(screen.getByText(/page 3/)).toBeTruthy();
    expect((screen.getByTestId("page-next") as HTMLButtonElement).disabled).toBe(true);
    await userEvent.click(screen.getByTestId("page-previous"));
    expect(await screen.findByText("agent turn 3")).toBeTruthy();
    expect(location()).toBe("/p/demo/traces?cursor=p2");
    await userEvent.click(screen.getByTestId("page-previous"));
    expect(await screen.findByText("agent turn 1")).toBeTruthy();
    expect(location()).toBe("/p/demo/traces");
  });

  it("live mode is a URL toggle, and is off with the reason when not sorted newest first", async () => {
    page();
    await screen.findAllByTestId("trace-row");
    await userEvent.click(screen.getByTestId("live-toggle"));
    await waitFor(() => expect(location()).toBe("/p/demo/traces?live=1"));
    expect((screen.getByTestId("live-toggle") as HTMLInputElement).checked).toBe(true);
    expect(screen.getByTestId("live-status").textContent).toContain("watching for new traces");
    await userEvent.click(screen.getByTestId("sort-duration"));
    await waitFor(() => expect(location()).toBe("/p/demo/traces?sort=duration&live=1"));
    expect(screen.getByTestId("live-status").textContent).toContain("Live is off. Live mode needs the newest traces first");
  });

  it("live mode polls the first page, prepends new traces highlighted, updates changed ones, and stops while the tab is hidden", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      page("/p/demo/traces?live=1");
      await screen.findByText("agent turn 1");
      const before = api.listCalls().length;
      answer = () => ({ body: { items: [trace(0), trace(1, { spanCount: 5 }), trace(2)], nextCursor: null } });
      await vi.advanceTimersByTimeAsync(LIVE_INTERVAL_MS + 100);
      await waitFor(() => expect(screen.getAllByTestId("trace-row")).toHaveLength(3));
      const rows = screen.getAllByTestId("trace-row");
      expect(rows.map((r) => within(r).getAllByRole("link")[0].textContent)).toEqual(["agent turn 0", "agent turn 1", "agent turn 2"]);
      expect(rows[0].className).toContain("row-new");
      expect(rows[1].className).toContain("row-updated");
      expect(api.listCalls().length).toBeGreaterThan(before);

      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
      document.dispatchEvent(new Event("visibilitychange"));
      await waitFor(() => expect(screen.getByTestId("live-status").textContent).toContain("paused"));
      const hidden = api.listCalls().length;
      await vi.advanceTimersByTimeAsync(LIVE_INTERVAL_MS * 4);
      expect(api.listCalls().length).toBe(hidden);
    } finally {
      Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "visible" });
      document.dispatchEvent(new Event("visibilitychange"));
      vi.useRealTimers();
    }
  });

  it("arrow keys move between rows' links", async () => {
    page();
    const rows = await screen.findAllByTestId("trace-row");
    const first = within(rows[0]).getByRole("link", { name: "agent turn 1" });
    first.focus();
    await userEvent.keyboard("{ArrowDown}");
    expect(document.activeElement).toBe(within(rows[1]).getByRole("link", { name: "agent turn 2" }));
    await userEvent.keyboard("{ArrowUp}");
    expect(document.activeElement).toBe(first);
  });
});
