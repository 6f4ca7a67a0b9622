import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPageErrors, launch, newJourneyPage, p, POLL, screenshot } from "./support/browser";
import { fixture } from "./support/fixture";
import { expectSelected, spanItem, texts } from "./support/pages";

/** The agent trace's answering chat span: the second span named "chat gpt-4o". */
const ANSWERING_CHAT = 1;

async function openAgentTrace(page: Page): Promise<void> {
  await page.goto(p(`traces/${fixture().traces.agent.traceId}`));
  await page.getByTestId("span-tree").waitFor();
  await page.getByTestId("span-tree-item").first().waitFor();
}

async function chatMessages(page: Page, role: string): Promise<string[]> {
  return texts(page.getByTestId("span-detail").locator(`[data-testid="chat-message"][data-role="${role}"]`));
}

describe("trace detail", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the span tree lists every span in start order and the waterfall draws them", async () => {
    const f = fixture().traces.agent;
    const j = await newJourneyPage(browser);
    await openAgentTrace(j.page);
    const items = await texts(j.page.getByTestId("span-tree-item"));
    expect(items).toHaveLength(f.spanNames.length);
    f.spanNames.forEach((name, i) => expect(items[i], `span ${i}`).toContain(name));

    // One bar per span, in the tree's order; each bar names its span in its tooltip.
    const waterfall = j.page.getByTestId("waterfall");
    await waterfall.waitFor();
    const bars = await waterfall.locator("[title]").evaluateAll((els) =>
      els.map((e) => ({ title: e.getAttribute("title") ?? "", width: e.getBoundingClientRect().width })),
    );
    const named = f.spanNames.map((name) => bars.filter((b) => b.title.startsWith(`${name}:`)));
    f.spanNames.forEach((name, i) => {
      const expected = f.spanNames.filter((n) => n === name).length;
      expect(named[i], `bars of ${name}: ${JSON.stringify(bars)}`).toHaveLength(expected);
      for (const bar of named[i]) expect(bar.width, `bar of ${name}`).toBeGreaterThan(0);
    });
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("clicking the chat span shows the exact user and assistant messages and the tool call with its arguments", async () => {
    const f = fixture().traces.agent;
    const j = await newJourneyPage(browser);
    await openAgentTrace(j.page);
    const chat = spanItem(j.page, f.chatSpanName, ANSWERING_CHAT);
    await chat.click();
    await expectSelected(chat);
    await expect.poll(() => chatMessages(j.page, "user"), POLL).toContainEqual(expect.stringContaining(f.userText));
    expect(await chatMessages(j.page, "system")).toContainEqual(expect.stringContaining(f.systemText));
    expect(await chatMessages(j.page, "assistant")).toContainEqual(expect.stringContaining(f.assistantText));
    expect(await chatMessages(j.page, "tool")).toContainEqual(expect.stringContaining("in_transit"));
    const toolCalls = await texts(j.page.getByTestId("span-detail").getByTestId("tool-call"));
    expect(toolCalls.some((t) => t.includes(f.toolName) && t.includes(f.toolArgument)), JSON.stringify(toolCalls)).toBe(
      true,
    );
    await screenshot(j.page, "trace-detail-chat");
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("the arrow keys move through the span tree, Enter selects the span and the detail follows", async () => {
    const f = fixture().traces.agent;
    const j = await newJourneyPage(browser);
    await openAgentTrace(j.page);
    const tool = spanItem(j.page, f.toolSpanName);
    const chat = spanItem(j.page, f.chatSpanName, ANSWERING_CHAT);
    await tool.click();
    await expectSelected(tool);
    // The tree follows the WAI-ARIA tree pattern: arrows move the focus, Enter selects.
    await j.page.keyboard.press("ArrowDown");
    await j.page.keyboard.press("Enter");
    await expectSelected(chat);
    expect(await tool.getAttribute("aria-selected")).not.toBe("true");
    await expect.poll(() => chatMessages(j.page, "assistant"), POLL).toContainEqual(expect.stringContaining(f.assistantText));
    await j.page.keyboard.press("ArrowUp");
    await j.page.keyboard.press("Enter");
    await expectSelected(tool);
    await expect.poll(() => j.page.getByTestId("span-detail").innerText(), POLL).toContain(f.toolName);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("the raw attributes of the chat span include the seeded custom attribute", async () => {
    const f = fixture().traces.agent;
    const j = await newJourneyPage(browser);
    await openAgentTrace(j.page);
    const chat = spanItem(j.page, f.chatSpanName, ANSWERING_CHAT);
    await chat.click();
    await expectSelected(chat);
    const raw = j.page.getByTestId("raw-attributes");
    await raw.waitFor({ state: "attached" });
    await expect.poll(() => raw.textContent(), POLL).toContain(f.customAttribute);
    expect(await raw.textContent()).toContain(f.customValue);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("the failed span shows the exception message, type and stack trace", async () => {
    const f = fixture().traces.error;
    const j = await newJourneyPage(browser);
    await j.page.goto(p(`traces/${f.traceId}`));
    const span = spanItem(j.page, f.spanName);
    await span.click();
    await expectSelected(span);
    const error = j.page.getByTestId("span-error");
    await error.waitFor({ state: "attached" });
    await expect.poll(() => error.textContent(), POLL).toContain(f.exceptionMessage);
    const text = (await error.textContent()) ?? "";
    expect(text).toContain(f.exceptionType);
    expect(text).toContain(f.stackFrame);
    await screenshot(j.page, "trace-detail-error");
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("the URL of a selected span, opened in a new page, shows the same span selected", async () => {
    const f = fixture().traces.agent;
    const j = await newJourneyPage(browser);
    await openAgentTrace(j.page);
    const tool = spanItem(j.page, f.toolSpanName);
    await tool.click();
    await expectSelected(tool);
    await expect.poll(() => j.page.url(), POLL).toContain(f.toolSpanId);
    const shared = j.page.url();

    const other = await j.context.newPage();
    await other.goto(shared);
    await other.getByTestId("span-tree").waitFor();
    await expectSelected(spanItem(other, f.toolSpanName));
    const selected = other.locator('[data-testid="span-tree-item"][aria-selected="true"]');
    expect(await selected.count()).toBe(1);
    await expect.poll(() => other.getByTestId("span-detail").innerText(), POLL).toContain(f.toolName);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("an admin deletes a trace from its page: the list no longer has it and the API says it is gone", async () => {
    const f = fixture();
    const hex = (bytes: number) => Array.from({ length: bytes }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, "0")).join("");
    const traceId = hex(16);
    const start = BigInt(Date.now()) * 1_000_000n;
    const span = (spanId: string, parentSpanId: string, name: string) => ({
      traceId,
      spanId,
      parentSpanId,
      name,
      kind: 1,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 5_000_000n),
    });
    const root = hex(8);
    const j = await newJourneyPage(browser);
    const sent = await j.context.request.post("/v1/traces", {
      headers: { Authorization: `Bearer ${f.key}`, "Content-Type": "application/json" },
      data: { resourceSpans: [{ scopeSpans: [{ spans: [span(root, "", "e2e trace to delete"), span(hex(8), root, "e2e child")] }] }] },
    });
    expect(sent.status()).toBe(200);

    await j.page.goto(p(`traces/${traceId}`));
    await j.page.getByRole("button", { name: "Delete trace…" }).click();
    await j.page.getByRole("button", { name: "Delete this trace and its 2 spans" }).click();
    await j.page.waitForURL((url) => url.pathname === p("traces"));
    await j.page.getByTestId("trace-row").first().waitFor();
    expect((await texts(j.page.getByTestId("trace-row"))).some((r) => r.includes("e2e trace to delete"))).toBe(false);
    const gone = await j.context.request.get(`/api/v1/projects/${encodeURIComponent(f.project)}/traces/${traceId}`, {
      headers: { Authorization: `Bearer ${f.key}` },
    });
    expect(gone.status()).toBe(404);
    expectNoPageErrors(j);
    await j.context.close();
  });
});
