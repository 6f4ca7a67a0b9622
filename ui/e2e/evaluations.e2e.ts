import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPageErrors, launch, newJourneyPage, p, POLL, screenshot } from "./support/browser";
import { fixture } from "./support/fixture";
import { texts } from "./support/pages";

describe("evaluations", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the evaluations list shows both evaluations", async () => {
    const f = fixture().evaluations;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("evaluations"));
    await expect
      .poll(async () => {
        const rows = await j.page.getByTestId("evaluation-row").allInnerTexts();
        return [f.baseName, f.candidateName].every((n) => rows.some((r) => r.includes(n)));
      }, POLL)
      .toBe(true);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("an evaluation page shows its score summary and one row per dataset row", async () => {
    const f = fixture().evaluations;
    const j = await newJourneyPage(browser);
    await j.page.goto(p(`evaluations/${f.baseId}`));
    const summary = j.page.getByTestId("eval-summary");
    await summary.first().waitFor();
    await expect.poll(() => summary.first().innerText(), POLL).toContain(f.score);
    await expect.poll(() => j.page.getByTestId("eval-row").count(), POLL).toBe(5);
    const rows = await texts(j.page.getByTestId("eval-row"));
    expect(rows.some((r) => r.includes(f.improvedQuestion)), JSON.stringify(rows)).toBe(true);
    await screenshot(j.page, "evaluation");
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("selecting two evaluations and comparing them (older as base) marks the regressed row and the improved row", async () => {
    const f = fixture().evaluations;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("evaluations"));
    for (const name of [f.candidateName, f.baseName]) {
      const box = j.page.getByTestId("evaluation-row").filter({ hasText: name }).getByRole("checkbox");
      await box.click();
      await expect.poll(() => box.isChecked(), POLL).toBe(true);
    }
    await j.page.getByTestId("compare-selected").click();
    await j.page.waitForURL((url) => url.pathname === p("evaluations/compare"));
    const params = new URL(j.page.url()).searchParams;
    expect([params.get("base"), params.get("candidate")]).toEqual([f.baseId, f.candidateId]);
    await j.page.getByTestId("eval-compare").waitFor();
    const regressed = await texts(j.page.getByTestId("row-regressed"));
    expect(regressed.some((r) => r.includes(f.regressedQuestion)), JSON.stringify(regressed)).toBe(true);
    expect(regressed.some((r) => r.includes(f.improvedQuestion))).toBe(false);
    const improved = await texts(j.page.getByTestId("row-improved"));
    expect(improved.some((r) => r.includes(f.improvedQuestion)), JSON.stringify(improved)).toBe(true);
    expect(improved.some((r) => r.includes(f.regressedQuestion))).toBe(false);
    await screenshot(j.page, "evaluation-compare");
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("the leaderboard ranks the better evaluation of the dataset first", async () => {
    const f = fixture().evaluations;
    const j = await newJourneyPage(browser);
    await j.page.goto(p(`evaluations/leaderboard?dataset=${encodeURIComponent(f.dataset)}&score=${f.score}`));
    const board = j.page.getByTestId("leaderboard");
    await board.waitFor();
    await expect
      .poll(async () => {
        const text = await board.innerText();
        return [text.indexOf(f.candidateName), text.indexOf(f.baseName)];
      }, POLL)
      .toSatisfy(([candidate, base]: number[]) => candidate >= 0 && base > candidate);
    await screenshot(j.page, "leaderboard");
    expectNoPageErrors(j);
    await j.context.close();
  });
});
