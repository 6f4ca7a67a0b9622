import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionsPage } from "./SessionsPage";
import { SessionPage } from "./SessionPage";
import { fakeFetch, renderPage, type FakeApi } from "../traces/list/testing";

vi.mock("../../app/session", async () => {
  const { createWeftClient } = await import("../../api/client");
  return { useProjectApi: () => ({ project: "demo", api: createWeftClient("test-key", "http://weft.test") }) };
});

const session = (id: string, extra: Record<string, unknown> = {}) => ({
  sessionId: id,
  traceCount: 3,
  firstStartTime: "2026-11-27T10:00:00Z",
  lastStartTime: "2026-11-27T10:05:00Z",
  lastEndTime: "2026-11-27T10:05:02Z",
  errorCount: 1,
  totalTokens: 4200,
  costUsd: 0.0123,
  traceIds: ["a", "b", "c"],
  ...extra,
});

const trace = (i: number, extra: Record<string, unknown> = {}) => ({
  traceId: i.toString(16).padStart(32, "0"),
  name: `turn ${i}`,
  complete: true,
  startTime: new Date(Date.UTC(2026, 10, 27, 10, i, 0)).toISOString(),
  endTime: new Date(Date.UTC(2026, 10, 27, 10, i, 2)).toISOString(),
  durationMs: 2000,
  spanCount: 2,
  errorCount: 0,
  status: "ok",
  inputTokens: 100,
  outputTokens: 20,
  totalTokens: 120,
  costUsd: 0.001,
  models: ["gpt-4o"],
  providers: ["openai"],
  kinds: ["chat"],
  sessionId: "conv-1",
  runId: null,
  inputPreview: null,
  outputPreview: null,
  ...extra,
});

const location = () => screen.getByTestId("location").textContent ?? "";
let api: FakeApi;
afterEach(() => vi.unstubAllGlobals());

describe("sessions page", () => {
  beforeEach(() => {
    api = fakeFetch((url) => {
      if (url.pathname !== "/api/v1/projects/demo/sessions") return undefined;
      return url.searchParams.get("cursor") === "next"
        ? { body: { items: [session("older")], nextCursor: null } }
        : { body: { items: [session("conv 1"), session("conv-2", { errorCount: 0 })], nextCursor: "next" } };
    });
  });

  it("lists sessions, each row linking to its session page", async () => {
    renderPage("sessions", <SessionsPage />, "/p/demo/sessions");
    const rows = await screen.findAllByTestId("session-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole("link", { name: "conv 1" }).getAttribute("href")).toBe("/p/demo/sessions/conv%201");
    expect(rows[0].textContent).toContain("4200");
    expect(rows[0].textContent).toContain("$0.0123");
    expect(rows[0].textContent).toContain("2026-11-27");
    expect(api.listCalls("/api/v1/projects/demo/sessions")[0].searchParams.get("limit")).toBe("50");
  });

  it("pages with the cursor and comes back with Previous", async () => {
    renderPage("sessions", <SessionsPage />, "/p/demo/sessions");
    await screen.findByText("conv 1");
    await userEvent.click(screen.getByRole("button", { name: "Next ›" }));
    expect(await screen.findByText("older")).toBeTruthy();
    expect(location()).toBe("/p/demo/sessions?cursor=next");
    await userEvent.click(screen.getByRole("button", { name: "‹ Previous" }));
    expect(await screen.findByText("conv 1")).toBeTruthy();
    await waitFor(() => expect(location()).toBe("/p/demo/sessions"));
  });

  it("asks for the sessions of a quick time range, back to the first page", async () => {
    renderPage("sessions", <SessionsPage />, "/p/demo/sessions?cursor=next");
    await screen.findByText("older");
    const before = Date.now();
    await userEvent.selectOptions(screen.getByTestId("sessions-range"), "24h");
    await waitFor(() => expect(location()).toBe("/p/demo/sessions?range=24h"));
    await screen.findByText("conv 1");
    const last = api.listCalls("/api/v1/projects/demo/sessions").at(-1)!;
    const from = Date.parse(last.searchParams.get("from") ?? "");
    expect(from).toBeGreaterThanOrEqual(before - 24 * 3600_000);
    expect(from).toBeLessThanOrEqual(Date.now() - 24 * 3600_000);
    expect(last.searchParams.get("to")).toBeNull();
    expect(last.searchParams.get("cursor")).toBeNull();
    expect(screen.getByText("Only traces that start in the range count.")).toBeTruthy();
  });

  it("passes a fixed range from the link and reports values it cannot use", async () => {
    renderPage("sessions", <SessionsPage />, "/p/demo/sessions?from=2026-11-27T10:00:00Z&to=soon");
    await screen.findByText("conv 1");
    const call = api.listCalls("/api/v1/projects/demo/sessions")[0];
    expect(call.searchParams.get("from")).toBe("2026-11-27T10:00:00Z");
    expect(call.searchParams.get("to")).toBeNull();
    expect(screen.getByTestId("sessions-problems").textContent).toContain("Ignored to 'soon'");
    expect(screen.getByTestId("sessions-range")).toHaveProperty("value", "custom");
  });

  it("links each session to its traces of the same range", async () => {
    renderPage("sessions", <SessionsPage />, "/p/demo/sessions?from=2026-11-27T10:00:00Z&to=2026-11-27T12:00:00Z");
    const rows = await screen.findAllByTestId("session-row");
    const href = within(rows[0]).getByRole("link", { name: "conv 1" }).getAttribute("href") ?? "";
    const url = new URL(href, "http://x");
    expect(url.pathname).toBe("/p/demo/sessions/conv%201");
    expect(url.searchParams.get("from")).toBe("2026-11-27T10:00:00Z");
    expect(url.searchParams.get("to")).toBe("2026-11-27T12:00:00Z");
  });

  it("offers to drop the range when no session is active in it", async () => {
    api = fakeFetch((url) =>
      url.searchParams.has("from") ? { body: { items: [], nextCursor: null } } : { body: { items: [session("any")], nextCursor: null } },
    );
    renderPage("sessions", <SessionsPage />, "/p/demo/sessions?range=15m");
    expect(await screen.findByText("No sessions in this time range")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Show any time" }));
    expect(await screen.findByText("any")).toBeTruthy();
    expect(location()).toBe("/p/demo/sessions");
  });
});

describe("one session", () => {
  it("shows the session's traces in order as a timeline with links, loading more on demand", async () => {
    api = fakeFetch((url) => {
      if (url.pathname !== "/api/v1/projects/demo/sessions/conv-1") return undefined;
      return url.searchParams.get("cursor") === "more"
        ? { body: { items: [trace(9)], nextCursor: null } }
        : {
            body: {
              items: [
                trace(1, { inputPreview: "Where is my order?", outputPreview: "It ships tomorrow." }),
                trace(4, { status: "error", errorCount: 1, complete: false }),
              ],
              nextCursor: "more",
            },
          };
    });
    renderPage("sessions/:sessionId", <SessionPage />, "/p/demo/sessions/conv-1");
    const turns = await screen.findAllByTestId("trace-row");
    expect(turns.map((t) => within(t).getAllByRole("link")[0].textContent)).toEqual(["turn 1", "turn 4"]);
    expect(within(turns[0]).getByRole("link", { name: "turn 1" }).getAttribute("href")).toBe(`/p/demo/traces/${trace(1).traceId}`);
    expect(turns[0].querySelector('[data-side="input"]')?.textContent).toContain("Where is my order?");
    expect(turns[0].querySelector('[data-side="output"]')?.textContent).toContain("It ships tomorrow.");
    expect(turns[1].querySelector(".turn-exchange")).toBeNull();
    expect(turns[1].textContent).toContain("error");
    expect(turns[1].textContent).toContain("incomplete");
    expect(turns[1].textContent).toContain("+3 min 0 s");
    expect(turns[1].textContent).toContain("2 min 58 s later");
    expect(screen.getByText("Filter the trace list by this session").getAttribute("href")).toBe("/p/demo/traces?session=conv-1");
    await userEvent.click(screen.getByRole("button", { name: /Load the next/ }));
    await waitFor(() => expect(screen.getAllByTestId("trace-row")).toHaveLength(3));
    expect(api.calls).toHaveLength(2); // one request per page, none per trace
  });

  it("shows the traces of a time range and offers the whole session", async () => {
    api = fakeFetch((url) => (url.pathname === "/api/v1/projects/demo/sessions/conv-1" ? { body: { items: [trace(4)], nextCursor: null } } : undefined));
    renderPage("sessions/:sessionId", <SessionPage />, "/p/demo/sessions/conv-1?from=2026-11-27T10:03:00Z&to=nope");
    await screen.findAllByTestId("trace-row");
    const call = api.listCalls("/api/v1/projects/demo/sessions/conv-1")[0];
    expect(call.searchParams.get("from")).toBe("2026-11-27T10:03:00Z");
    expect(call.searchParams.get("to")).toBeNull();
    expect(screen.getByTestId("session-problems").textContent).toContain("Ignored to 'nope'");
    expect(within(screen.getByTestId("session-range")).getByRole("link", { name: "Show the whole session" }).getAttribute("href")).toBe(
      "/p/demo/sessions/conv-1",
    );
  });

  it("shows the server's message when the session cannot be loaded", async () => {
    fakeFetch(() => ({ status: 403, body: { status: 403, title: "Forbidden", detail: "this API key belongs to project 'x'" } }));
    renderPage("sessions/:sessionId", <SessionPage />, "/p/demo/sessions/conv-1");
    expect(await screen.findByText("this API key belongs to project 'x'")).toBeTruthy();
  });
});
