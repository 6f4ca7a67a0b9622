import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPageErrors, launch, newJourneyPage, p, POLL, screenshot } from "./support/browser";
import { fixture } from "./support/fixture";
import { texts } from "./support/pages";

describe("runs", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the runs list shows both runs", async () => {
    const f = fixture().runs;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("runs"));
    await expect
      .poll(async () => {
        const rows = await j.page.getByTestId("run-row").allInnerTexts();
        return [f.base.name, f.candidate.name].every((n) => rows.some((r) => r.includes(n)));
      }, POLL)
      .toBe(true);
    await screenshot(j.page, "runs-list");
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("a run page draws its loss chart on a canvas, and its Config tab shows the config", async () => {
    const f = fixture().runs;
    const j = await newJourneyPage(browser);
    await j.page.goto(p(`runs/${f.base.id}`));
    const chart = j.page.getByTestId("metric-chart").filter({ hasText: f.metric }).first();
    await chart.waitFor();
    const canvas = chart.locator("canvas").first();
    await canvas.waitFor();
    const box = await canvas.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    expect(box?.height ?? 0).toBeGreaterThan(50);
    // uPlot has drawn something: the canvas is not blank.
    await expect
      .poll(
        () =>
          canvas.evaluate((c: HTMLCanvasElement) => {
            const data = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
            let painted = 0;
            for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
            return painted;
          }),
        POLL,
      )
      .toBeGreaterThan(100);
    await screenshot(j.page, "run");
    await j.page.getByRole("tab", { name: "Config" }).click();
    await expect.poll(() => new URL(j.page.url()).searchParams.get("tab"), POLL).toBe("config");
    const config = (await texts(j.page.getByTestId("run-config"))).join("\n");
    for (const [key, value] of Object.entries(f.base.config)) {
      expect(config).toContain(key);
      expect(config).toContain(String(value));
    }
    await screenshot(j.page, "run-config");
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("a run's Traces tab links the traces produced while it ran", async () => {
    const f = fixture().runs;
    const j = await newJourneyPage(browser);
    await j.page.goto(p(`runs/${f.base.id}`));
    await j.page.getByRole("tab", { name: "Traces" }).click();
    const links = j.page.locator("main").getByRole("link", { name: f.base.traceName, exact: true });
    await expect.poll(() => links.count(), POLL).toBe(f.base.traceCount);
    expect(await j.page.locator("main").getByRole("link", { name: f.candidate.traceName }).count()).toBe(0);
    await links.first().click();
    await j.page.waitForURL((url) => url.pathname.startsWith(p("traces/")));
    await j.page.getByTestId("span-tree-item").filter({ hasText: f.base.traceName }).first().waitFor();
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("selecting two runs and comparing them shows the config key whose values differ, with both values", async () => {
    const f = fixture().runs;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("runs"));
    for (const run of [f.base, f.candidate]) {
      // The selection lives in the URL, so the box shows its new state once the URL has changed.
      const box = j.page.getByTestId("run-row").filter({ hasText: run.name }).getByRole("checkbox");
      await box.click();
      await expect.poll(() => box.isChecked(), POLL).toBe(true);
    }
    await j.page.getByTestId("compare-runs").click();
    await j.page.waitForURL((url) => url.pathname === p("runs/compare"));
    expect(new URL(j.page.url()).searchParams.get("ids")?.split(",").sort()).toEqual([f.base.id, f.candidate.id].sort());
    const diff = j.page.getByTestId("config-diff");
    await diff.waitFor();
    await expect.poll(() => diff.innerText(), POLL).toContain(f.differingKey);
    const text = (await texts(diff)).join("\n");
    expect(text).toContain(f.differingKey);
    expect(text).toContain(String(f.base.config[f.differingKey]));
    expect(text).toContain(String(f.candidate.config[f.differingKey]));
    // The shared metric's chart draws both runs (its legend names them) once its points are loaded.
    const loss = j.page.getByTestId("metric-chart").filter({ hasText: f.metric }).first();
    await loss.locator("canvas").first().waitFor();
    await expect.poll(() => loss.innerText(), POLL).not.toMatch(/loading/i);
    const legend = await loss.innerText();
    expect(legend).toContain(f.base.name);
    expect(legend).toContain(f.candidate.name);
    await expect.poll(() => j.page.getByTestId("metric-chart").filter({ hasText: /loading/i }).count(), POLL).toBe(0);
    await screenshot(j.page, "runs-compare");
    expectNoPageErrors(j);
    await j.context.close();
  });
});
