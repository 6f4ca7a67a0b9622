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

  it("a time range lists only the sessions active in it", async () => {
    const f = fixture().traces.session;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("sessions") + "?from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z");
    await j.page.getByText("No sessions in this time range").waitFor();
    // The seeded traces started within the last hour: the last day's list holds their session.
    await j.page.getByTestId("sessions-range").selectOption("24h");
    await j.page.waitForURL((url) => url.searchParams.get("range") === "24h" && !url.searchParams.has("from"));
    const rows = await texts(j.page.getByTestId("session-row"));
    expect(rows.some((r) => r.includes(f.id)), JSON.stringify(rows)).toBe(true);
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
