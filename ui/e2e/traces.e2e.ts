import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPageErrors, launch, newJourneyPage, p, POLL, screenshot } from "./support/browser";
import { fixture } from "./support/fixture";
import { expectTraceRows, setFilter } from "./support/pages";

/** Whether a row shows exactly this trace name (rows also show times, models, tokens...). */
const showsName = (row: string, name: string) => row.includes(name);

describe("traces list", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("lists every seeded trace, newest first", async () => {
    const f = fixture();
    const j = await newJourneyPage(browser);
    await j.page.goto(p("traces"));
    const seeded = f.traces.seededInStartOrder;
    await expectTraceRows(j.page, (rows) => {
      const shown = rows
        .map((row) => seeded.find((name) => showsName(row, name)))
        .filter((name): name is string => name !== undefined);
      expect(shown).toEqual([...seeded].reverse());
    });
    await screenshot(j.page, "traces-list");
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("filtering by model shows only the traces of that model, counts them, and the filter is in the URL", async () => {
    const f = fixture();
    const j = await newJourneyPage(browser);
    await j.page.goto(p("traces"));
    await j.page.getByTestId("trace-row").first().waitFor();
    await setFilter(j.page, "model", f.traces.byModel.model);
    await expectTraceRows(j.page, (rows) => {
      expect(rows).toHaveLength(f.traces.byModel.names.length);
      for (const name of f.traces.byModel.names) expect(rows.some((r) => showsName(r, name)), name).toBe(true);
    });
    const matching = f.traces.byModel.names.length;
    await expect.poll(() => j.page.getByTestId("trace-count").innerText(), POLL).toBe(matching === 1 ? "1 trace" : `${matching} traces`);
    expect(new URL(j.page.url()).searchParams.getAll("model").join(",")).toContain(f.traces.byModel.model);

    // The filtered URL, opened anew, shows the same rows.
    const again = await j.context.newPage();
    await again.goto(j.page.url());
    await expectTraceRows(again, (rows) => expect(rows).toHaveLength(f.traces.byModel.names.length));
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("filtering by a trace name shows only the traces of that name, and the name is in the URL", async () => {
    const f = fixture();
    const name = f.traces.agent.name;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("traces"));
    await j.page.getByTestId("trace-row").first().waitFor();
    await setFilter(j.page, "name", name);
    await expectTraceRows(j.page, (rows) => {
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(showsName(row, name), row).toBe(true);
      expect(rows.length).toBeLessThan(f.traces.seededInStartOrder.length);
    });
    expect(new URL(j.page.url()).searchParams.getAll("name")).toEqual([name]);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("text search shows only the trace whose input contains the text, and opens it", async () => {
    const f = fixture();
    const j = await newJourneyPage(browser);
    await j.page.goto(p("traces"));
    await j.page.getByTestId("trace-row").first().waitFor();
    await setFilter(j.page, "q", f.traces.search.q);
    await expectTraceRows(j.page, (rows) => {
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain(f.traces.search.name);
    });
    await j.page.getByTestId("trace-row").getByRole("link", { name: f.traces.search.name }).click();
    await j.page.waitForURL((url) => url.pathname.startsWith(p("traces/")));
    await j.page.getByTestId("span-tree-item").filter({ hasText: f.traces.search.name }).first().waitFor();
    // The root is selected on arrival; its chat child holds the searched text.
    await j.page.getByTestId("span-tree-item").filter({ hasText: "chat gpt-4o-mini" }).click();
    await expect.poll(() => j.page.getByTestId("span-detail").innerText(), POLL).toContain(f.traces.search.q);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("filtering by run shows only the traces produced while that run was current", async () => {
    const run = fixture().runs.base;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("traces"));
    await j.page.getByTestId("trace-row").first().waitFor();
    await setFilter(j.page, "run", run.id);
    await expectTraceRows(j.page, (rows) => {
      expect(rows).toHaveLength(run.traceCount);
      for (const row of rows) expect(row).toContain(run.traceName);
    });
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("clicking a trace row opens that trace with its span tree", async () => {
    const f = fixture();
    const j = await newJourneyPage(browser);
    await j.page.goto(p("traces"));
    const row = j.page.getByTestId("trace-row").filter({ hasText: f.traces.agent.name }).first();
    await row.getByRole("link", { name: f.traces.agent.name }).click();
    await j.page.waitForURL((url) => url.pathname === p(`traces/${f.traces.agent.traceId}`));
    await j.page.getByTestId("span-tree").waitFor();
    await expect
      .poll(() => j.page.getByTestId("span-tree-item").count(), POLL)
      .toBe(f.traces.agent.spanNames.length);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("an unknown trace id shows a not-found message, not a blank page", async () => {
    const f = fixture();
    const j = await newJourneyPage(browser);
    await j.page.goto(p(`traces/${f.traces.unknownTraceId}`));
    const alert = j.page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/not found/i);
    expectNoPageErrors(j);
    await j.context.close();
  });
});
