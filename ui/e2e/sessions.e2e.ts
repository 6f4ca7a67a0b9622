import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPageErrors, launch, newJourneyPage, p, screenshot } from "./support/browser";
import { fixture } from "./support/fixture";
import { expectTraceRows, texts } from "./support/pages";

describe("sessions", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the sessions list shows the seeded session and opens it", async () => {
    const f = fixture().traces.session;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("sessions"));
    const rows = await texts(j.page.getByTestId("session-row"));
    expect(rows.some((r) => r.includes(f.id)), JSON.stringify(rows)).toBe(true);
    await j.page.getByTestId("session-row").filter({ hasText: f.id }).first().click();
    await j.page.waitForURL((url) => url.pathname === p(`sessions/${encodeURIComponent(f.id)}`));
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("a session page lists its traces in the order they happened", async () => {
    const f = fixture().traces.session;
    const j = await newJourneyPage(browser);
    await j.page.goto(p(`sessions/${encodeURIComponent(f.id)}`));
    await expectTraceRows(j.page, (rows) => {
      expect(rows).toHaveLength(f.traceNames.length);
      f.traceNames.forEach((name, i) => expect(rows[i], `trace ${i}`).toContain(name));
    });
    await screenshot(j.page, "session");
    expectNoPageErrors(j);
    await j.context.close();
  });
});
