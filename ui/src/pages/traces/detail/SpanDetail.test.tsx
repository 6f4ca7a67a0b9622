import { fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import type { Schemas } from "../../../api/client";
import { formatTokens } from "../../../components/format";
import { isoTime, SpanBody } from "./SpanDetail";

vi.mock("../../../app/session", () => ({ useProjectApi: () => ({ project: "shop", api: {} }) }));

const base = {
  traceId: "5b8efff798038103d269b633813fc60c", spanId: "00000000000000a1", name: "retrieve faq", kind: "retriever", spanKind: "internal",
  status: "ok", startTime: "2026-11-27T10:15:30.123456Z", endTime: "2026-11-27T10:15:30.363456Z", durationMs: 240,
};
const show = (span: Record<string, unknown>) =>
  render(
    <MemoryRouter>
      <SpanBody span={{ ...base, ...span } as unknown as Schemas["SpanView"]} spanLink="http://x/p/shop/traces/t?span=a1" />
    </MemoryRouter>,
  );

describe("SpanBody", () => {
  it("shows a retriever's query and its documents with scores", () => {
    show({
      input: { value: "late delivery" },
      output: { value: [{ id: "faq-12", score: 0.91, content: "DHL can be late." }, { id: "faq-3", content: "Refunds of shipping fees." }] },
    });
    expect(screen.getByText("late delivery")).toBeTruthy();
    expect(screen.getByText("faq-12")).toBeTruthy();
    expect(screen.getByText("score 0.91")).toBeTruthy();
    expect(screen.getByText("Refunds of shipping fees.")).toBeTruthy();
    expect(screen.queryByTestId("span-error")).toBeNull();
    expect(screen.queryByTestId("chat-message")).toBeNull();
  });

  it("pretty-prints a tool's JSON input and shows raw attributes, resource, scope and events", () => {
    show({
      kind: "tool", input: { value: { orderId: 42 } }, output: { value: '{"status":"shipped"}' },
      attributes: { "app.flag": "kept" }, resource: { attributes: { "service.name": "shop" }, scope: { name: "lib", version: "1" } },
      events: [{ name: "retry", time: "t", attributes: {} }],
    });
    const pres = [...document.querySelectorAll("pre")].map((p) => p.textContent);
    expect(pres).toContain('{\n  "orderId": 42\n}');
    expect(pres).toContain('{\n  "status": "shipped"\n}');
    const raw = JSON.parse(screen.getByTestId("raw-attributes").textContent!);
    expect(raw).toEqual({ attributes: { "app.flag": "kept" }, resource: { "service.name": "shop" }, scope: { name: "lib", version: "1" }, events: [{ name: "retry", time: "t", attributes: {} }], links: [] });
    expect(screen.getByRole("button", { name: "Copy JSON" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Copy link" })).toBeTruthy();
  });

  it("links to linked spans of other traces and shows input as stored JSON on request", async () => {
    show({
      input: { messages: [{ role: "user", content: "hi" }] },
      links: [{ traceId: "aa".repeat(16), spanId: "bb".repeat(8), attributes: { reason: "batch" } }],
    });
    expect(screen.getByRole("link", { name: /aaaa/ }).getAttribute("href")).toBe(`/p/shop/traces/${"aa".repeat(16)}?span=${"bb".repeat(8)}`);
    expect(screen.getAllByTestId("chat-message")).toHaveLength(1);
    fireEvent.click(screen.getByRole("button", { name: "JSON" }));
    expect(screen.queryByTestId("chat-message")).toBeNull();
    expect([...document.querySelectorAll("pre")].map((p) => p.textContent)).toContain('{\n  "messages": [\n    {\n      "role": "user",\n      "content": "hi"\n    }\n  ]\n}');
  });

  it("links to the run and the evaluation the span belongs to", () => {
    show({ runId: "run-7", attributes: { "weft.evaluation.id": "ev 1", "weft.evaluation.name": "support-qa baseline" } });
    expect(screen.getByRole("link", { name: "run-7" }).getAttribute("href")).toBe("/p/shop/runs/run-7");
    expect(screen.getByRole("link", { name: "support-qa baseline" }).getAttribute("href")).toBe("/p/shop/evaluations/ev%201");
  });

  it("shows no run or evaluation for a span outside them", () => {
    show({ attributes: { "weft.evaluation.id": 42 } });
    expect(screen.queryByText("Run")).toBeNull();
    expect(screen.queryByText("Evaluation")).toBeNull();
  });

  it("shows a status message that only repeats the exception once", () => {
    show({
      status: "error",
      statusMessage: "order service timed out",
      events: [
        {
          name: "exception",
          time: "t",
          attributes: { "exception.type": "java.net.SocketTimeoutException", "exception.message": "order service timed out", "exception.stacktrace": "at Shop.call(Shop.java:12)" },
        },
      ],
    });
    const error = screen.getByTestId("span-error");
    expect(error.textContent!.split("order service timed out")).toHaveLength(2);
    expect(error.textContent).toContain("at Shop.call(Shop.java:12)");
  });

  it("shows an error's status message even without an exception event", () => {
    show({ status: "error", statusMessage: "upstream 503", errorType: "HttpError" });
    const error = screen.getByTestId("span-error");
    expect(error.textContent).toContain("HttpError");
    expect(error.textContent).toContain("upstream 503");
  });

  it("says how much of the input the prompt cache served and took", () => {
    show({
      kind: "chat",
      usage: { inputTokens: 12480, outputTokens: 310, totalTokens: 12790, cacheReadTokens: 10240, cacheWriteTokens: 2048 },
    });
    const tokens = screen.getByText(/in \(/).textContent ?? "";
    expect(tokens).toContain(`${formatTokens(10240)} cached`);
    expect(tokens).toContain(`${formatTokens(2048)} written to cache`);
  });

  it("says nothing of a cache the provider did not report", () => {
    show({ kind: "chat", usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15, cacheReadTokens: null, cacheWriteTokens: null } });
    expect(screen.queryByText(/cached/)).toBeNull();
  });

  it("says how to record messages when a model call has none", () => {
    show({ kind: "chat" });
    expect(screen.getByTestId("no-messages").textContent).toContain("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true");
  });

  it("says nothing of missing messages for a call that has some, or for a span that is no model call", () => {
    show({ kind: "chat", input: { messages: [{ role: "user", content: "Hi" }] } });
    expect(screen.queryByTestId("no-messages")).toBeNull();
    show({ kind: "tool" });
    expect(screen.queryByTestId("no-messages")).toBeNull();
  });

  it("says a model call without a cost had no price, and where to set one and price it", () => {
    const usage = { inputTokens: 12, outputTokens: 3, totalTokens: 15, cacheReadTokens: null, cacheWriteTokens: null };
    show({ kind: "chat", model: "acme-ft-1", usage, costUsd: null });
    const hint = screen.getByTestId("no-price");
    expect(hint.textContent).toBe("unknown: no price for acme-ft-1 when it arrived. Set one, then price stored spans there.");
    expect(screen.getByRole("link", { name: "Set one" }).getAttribute("href")).toBe("/p/shop/settings");
  });

  it("shows the cost of a priced call, and no price hint for a span without tokens or model", () => {
    const usage = { inputTokens: 12, outputTokens: 3, totalTokens: 15, cacheReadTokens: null, cacheWriteTokens: null };
    show({ kind: "chat", model: "gpt-4o", usage, costUsd: 0.00006 });
    expect(screen.queryByTestId("no-price")).toBeNull();
    expect(screen.getByText("$0.00006")).toBeTruthy();
    show({ kind: "chat", model: "gpt-4o", costUsd: null });
    show({ kind: "tool", usage, costUsd: null });
    expect(screen.queryByTestId("no-price")).toBeNull();
  });

  it("formats instants with their sub-second part", () => {
    expect(isoTime("2026-11-27T10:15:30.123456Z")).toMatch(/:30\.123456$/);
    expect(isoTime(null)).toBe("–");
  });
});
