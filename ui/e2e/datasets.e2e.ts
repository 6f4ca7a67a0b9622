import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPageErrors, launch, newJourneyPage, p, POLL, screenshot } from "./support/browser";
import { fixture } from "./support/fixture";
import { texts } from "./support/pages";

describe("datasets", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the datasets list shows the dataset and opens it with its versions", async () => {
    const f = fixture().dataset;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("datasets"));
    const rows = await texts(j.page.getByTestId("dataset-row"));
    expect(rows.some((r) => r.includes(f.name)), JSON.stringify(rows)).toBe(true);
    const row = j.page.getByTestId("dataset-row").filter({ hasText: f.name }).first();
    await row.getByRole("link", { name: f.name }).click();
    await j.page.waitForURL((url) => url.pathname === p(`datasets/${f.name}`));
    const versions = await texts(j.page.getByTestId("dataset-version"));
    expect(versions).toHaveLength(f.toVersion);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("the diff of two versions shows the changed row with its old and new value, and the added and removed rows", async () => {
    const f = fixture().dataset;
    const j = await newJourneyPage(browser);
    await j.page.goto(p(`datasets/${f.name}?from=${f.fromVersion}&to=${f.toVersion}`));
    const diff = j.page.getByTestId("dataset-diff");
    await diff.waitFor();
    // The diff is computed by the server: wait for it, not only for its frame.
    await expect.poll(() => diff.innerText(), POLL).toContain(f.changedNew);
    const text = (await texts(diff)).join("\n");
    expect(text).toContain(f.changedRowId);
    expect(text).toContain(f.changedOld);
    expect(text).toContain(f.changedNew);
    expect(text).toContain(f.addedRowId);
    expect(text).toContain(f.removedRowId);
    await screenshot(j.page, "dataset");
    expectNoPageErrors(j);
    await j.context.close();
  });
});
