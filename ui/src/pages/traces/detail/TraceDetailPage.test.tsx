import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { TraceDetailPage } from "../TraceDetailPage";

const TRACE = "5b8efff798038103d269b633813fc60c";
const summary = {
  traceId: TRACE, name: "invoke_agent support-bot", complete: true, startTime: "2026-11-27T10:15:30.123456Z",
  endTime: "2026-11-27T10:15:31.123456Z", durationMs: 1000, spanCount: 4, errorCount: 1, status: "error",
  inputTokens: 1200, outputTokens: 300, totalTokens: 1500, cacheReadTokens: 1000, cacheWriteTokens: 0, costUsd: 0.0048,
  models: ["gpt-4o"], providers: ["openai"], kinds: ["agent", "chat", "tool"], sessionId: "conv-1", runId: "run-9",
  inputPreview: "What is the capital of France?", outputPreview: "Paris.",
};
const rows = [
  { spanId: "00000000000000a1", name: "invoke_agent support-bot", kind: "agent", status: "ok", offsetMs: 0, durationMs: 1000 },
  { spanId: "00000000000000b2", parentSpanId: "00000000000000a1", name: "chat gpt-4o", kind: "chat", status: "ok", offsetMs: 10, durationMs: 600, model: "gpt-4o", totalTokens: 1500, costUsd: 0.0048 },
  { spanId: "00000000000000c3", parentSpanId: "00000000000000b2", name: "http POST", kind: "other", status: "ok", offsetMs: 20, durationMs: 500 },
  { spanId: "00000000000000d4", parentSpanId: "00000000000000a1", name: "execute_tool lookup", kind: "tool", status: "error", offsetMs: 700, durationMs: 200, errorType: "IOException" },
];
const chatSpan = {
  traceId: TRACE, spanId: "00000000000000b2", name: "chat gpt-4o", kind: "chat", spanKind: "client", status: "ok",
  startTime: summary.startTime, endTime: summary.endTime, durationMs: 600, model: "gpt-4o", provider: "openai", operation: "chat",
  usage: { inputTokens: 1200, outputTokens: 300, totalTokens: 1500 }, costUsd: 0.0048,
  input: { messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Where is order 42?" }] },
  output: { messages: [{ role: "assistant", toolCalls: [{ id: "call_1", name: "lookup", arguments: '{"id":42}' }], finishReason: "tool_calls" }] },
  attributes: { "gen_ai.request.temperature": 0.2 }, resource: { attributes: { "service.name": "shop" } },
};
const toolSpan = {
  ...chatSpan, spanId: "00000000000000d4", name: "execute_tool lookup", kind: "tool", status: "error", statusMessage: "lookup failed",
  errorType: "java.io.IOException", input: { value: { id: 42 } }, output: undefined, usage: undefined,
  events: [{ name: "exception", time: "t", attributes: { "exception.type": "java.io.IOException", "exception.message": "connection reset", "exception.stacktrace": "java.io.IOException: connection reset\n\tat Shop.lookup(Shop.java:12)" } }],
};

const rootSpan = { ...chatSpan, spanId: "00000000000000a1", name: "invoke_agent support-bot", kind: "agent", input: undefined, output: undefined };

// jsdom has no layout: give elements a size so the virtualised list renders rows.
const sizes = { clientHeight: 600, clientWidth: 1000 };
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes)) Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
});
afterAll(() => {
  for (const key of Object.keys(sizes)) delete (HTMLElement.prototype as unknown as Record<string, unknown>)[key];
});

let traceAnswer: { status: number; body: unknown };
const GET = vi.fn(async (path: string, opts: { params: { path: { spanId?: string } } }) => {
  if (path.endsWith("/spans/{spanId}")) {
    const span = [chatSpan, toolSpan, rootSpan].find((s) => s.spanId === opts.params.path.spanId);
    return span ? { data: span, response: new Response(null, { status: 200 }) } : { error: { detail: "no span" }, response: new Response(null, { status: 404 }) };
  }
  return traceAnswer.status === 200
    ? { data: traceAnswer.body, response: new Response(null, { status: 200 }) }
    : { error: traceAnswer.body, response: new Response(null, { status: traceAnswer.status }) };
});
let deleteAnswer: { status: number; body: unknown };
const DELETE = vi.fn(async () =>
  deleteAnswer.status === 200
    ? { data: deleteAnswer.body, response: new Response(null, { status: 200 }) }
    : { error: deleteAnswer.body, response: new Response(null, { status: deleteAnswer.status }) },
);
vi.mock("../../../app/session", () => ({ useProjectApi: () => ({ project: "shop", api: { GET, DELETE } }) }));

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: "/p/:project/traces/:traceId", element: <TraceDetailPage /> }, { path: "*", element: <p>elsewhere</p> }], { initialEntries: [url] });
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}
const items = () => screen.getAllByTestId("span-tree-item");
const selectedName = () => items().find((i) => i.getAttribute("aria-selected") === "true")?.textContent;

describe("TraceDetailPage", () => {
  beforeEach(() => {
    traceAnswer = { status: 200, body: { summary, spans: rows } };
    GET.mockClear();
  });

  it("shows the summary, the tree with the URL's span selected, and that span's chat view", async () => {
    const router = renderAt(`/p/shop/traces/${TRACE}?span=00000000000000b2`);
    await screen.findByTestId("span-tree");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("invoke_agent support-bot");
    expect(screen.getByRole("link", { name: "run-9" }).getAttribute("href")).toBe("/p/shop/runs/run-9");
    expect(document.querySelector(".td-summary")!.textContent).toContain("1200 in (1000 cached) · 300 out");
    expect(items()).toHaveLength(4);
    expect(items().map((i) => i.getAttribute("aria-level"))).toEqual(["1", "2", "3", "2"]);
    expect(selectedName()).toContain("chat gpt-4o");
    expect(screen.getByTestId("waterfall")).toBeTruthy();
    const messages = await screen.findAllByTestId("chat-message");
    expect(messages.map((m) => m.dataset.role)).toEqual(["system", "user", "assistant"]);
    expect(screen.getByTestId("tool-call").textContent).toContain("lookup");
    expect(screen.getByTestId("raw-attributes").textContent).toContain("gen_ai.request.temperature");
    expect(screen.getByTestId("span-detail").textContent).toContain("temperature = 0.2");
    expect(router.state.location.search).toBe("?span=00000000000000b2");
  });

  it("moves with the keyboard, collapses with Left and selects with Enter into the URL", async () => {
    const router = renderAt(`/p/shop/traces/${TRACE}`);
    const tree = await screen.findByTestId("span-tree");
    expect(selectedName()).toContain("invoke_agent");
    act(() => tree.focus());
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    fireEvent.keyDown(tree, { key: "ArrowLeft" }); // chat gpt-4o is expanded: collapse it
    expect(items()).toHaveLength(3);
    fireEvent.keyDown(tree, { key: "ArrowDown" });
    fireEvent.keyDown(tree, { key: "Enter" });
    await waitFor(() => expect(router.state.location.search).toBe("?span=00000000000000d4"));
    expect(selectedName()).toContain("execute_tool lookup");
    const error = await screen.findByTestId("span-error");
    expect(error.textContent).toContain("lookup failed");
    expect(error.textContent).toContain("at Shop.lookup(Shop.java:12)");
  });

  it("collapses and expands all, and jumps to the first error", async () => {
    const router = renderAt(`/p/shop/traces/${TRACE}`);
    await screen.findByTestId("span-tree");
    fireEvent.click(screen.getByRole("button", { name: "Collapse all" }));
    expect(items()).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "Jump to first error" }));
    await waitFor(() => expect(router.state.location.search).toBe("?span=00000000000000d4"));
    expect(items()).toHaveLength(3);
    fireEvent.click(screen.getByRole("button", { name: "Expand all" }));
    expect(items()).toHaveLength(4);
  });

  it("filters spans by name, keeping their ancestors", async () => {
    renderAt(`/p/shop/traces/${TRACE}`);
    await screen.findByTestId("span-tree");
    fireEvent.change(screen.getByLabelText("Find spans"), { target: { value: "http" } });
    expect(items().map((i) => i.getAttribute("aria-level"))).toEqual(["1", "2", "3"]);
    expect(items()[2].querySelector("mark")!.textContent).toBe("http");
  });

  it("renders only the rows on screen of a 10,000-span trace, and reaches the last one with End", async () => {
    const many = [rows[0], ...Array.from({ length: 9_999 }, (_, i) => ({ spanId: (0x1000 + i).toString(16).padStart(16, "0"), parentSpanId: rows[0].spanId, name: `step ${i}`, kind: "tool", status: "ok", offsetMs: i / 10, durationMs: 1 }))];
    traceAnswer = { status: 200, body: { summary: { ...summary, spanCount: 10_000 }, spans: many } };
    renderAt(`/p/shop/traces/${TRACE}`);
    const tree = await screen.findByTestId("span-tree");
    expect(items().length).toBeGreaterThan(10);
    expect(items().length).toBeLessThan(100);
    act(() => tree.focus());
    fireEvent.keyDown(tree, { key: "End" });
    await waitFor(() => expect(tree.getAttribute("aria-activedescendant")).toBe(`td-row-${many[9_999].spanId}`));
    // jsdom does not scroll: do what the browser does when the list scrolls to the focused row.
    const scroller = document.querySelector(".td-scroll")!;
    scroller.scrollTop = 28 * 10_000 - 600;
    fireEvent.scroll(scroller);
    await waitFor(() => expect(document.getElementById(`td-row-${many[9_999].spanId}`)).not.toBeNull());
    expect(items().length).toBeLessThan(100);
  });

  it("deletes the trace after a second click that says what goes, then shows the list", async () => {
    deleteAnswer = { status: 200, body: { traceId: TRACE, deletedSpans: 4 } };
    DELETE.mockClear();
    const router = renderAt(`/p/shop/traces/${TRACE}`);
    await userEvent.click(await screen.findByRole("button", { name: "Delete trace…" }));
    await userEvent.click(screen.getByRole("button", { name: "Keep" }));
    expect(DELETE).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole("button", { name: "Delete trace…" }));
    await userEvent.click(screen.getByRole("button", { name: "Delete this trace and its 4 spans" }));

    await waitFor(() => expect(router.state.location.pathname).toBe("/p/shop/traces"));
    expect(DELETE).toHaveBeenCalledWith("/api/v1/projects/{project}/traces/{traceId}", { params: { path: { project: "shop", traceId: TRACE } } });
  });

  it("a key that may not delete is told why and the trace stays shown", async () => {
    deleteAnswer = { status: 403, body: { status: 403, detail: "this API key lacks the 'admin' scope this operation needs" } };
    const router = renderAt(`/p/shop/traces/${TRACE}`);
    await userEvent.click(await screen.findByRole("button", { name: "Delete trace…" }));
    await userEvent.click(screen.getByRole("button", { name: "Delete this trace and its 4 spans" }));

    expect((await screen.findByRole("alert")).textContent).toContain("'admin' scope");
    expect(router.state.location.pathname).toBe(`/p/shop/traces/${TRACE}`);
  });

  it("says a trace is still arriving", async () => {
    traceAnswer = { status: 200, body: { summary: { ...summary, complete: false }, spans: rows.slice(1) } };
    renderAt(`/p/shop/traces/${TRACE}`);
    expect((await screen.findByText(/still arriving/)).textContent).toContain("3 spans received so far");
  });

  it("explains an unknown trace and links back to the list", async () => {
    traceAnswer = { status: 404, body: { detail: `project 'shop' has no trace ${TRACE}` } };
    renderAt(`/p/shop/traces/${TRACE}`);
    expect(await screen.findByText("Trace not found")).toBeTruthy();
    expect(screen.getByText(/has no trace/)).toBeTruthy();
    expect(screen.getByRole("link", { name: "Back to the traces" }).getAttribute("href")).toBe("/p/shop/traces");
  });
});
