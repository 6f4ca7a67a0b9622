/**
 * Browser half of the UI benchmark (`bench/ui-run.sh`, class `dev.weft.bench.UiBenchmark`): time
 * to interactive of the trace detail page of a very large trace and of the traces table of a big
 * project, cold (fresh browser context: empty cache) and warm (the same context navigating to the
 * page again, median of N). Reads WEFT_UI_BENCH_FIXTURE, writes WEFT_UI_BENCH_RESULT.
 *
 * Method, all times in ms from the navigation start (`performance.timeOrigin`) of the measured
 * page, taken inside the page by a MutationObserver installed before any of the app's scripts:
 * - firstRowsMs: the first row (`span-tree-item` / `trace-row`) is in the DOM;
 * - clickMs: the pointer-down of the click, which Playwright sends as soon as the row is visible,
 *   stable and receives events (what a person's first click needs);
 * - interactiveMs: the click has had its effect — the clicked span is `aria-selected="true"`, or
 *   the row's trace page is open (the URL changed).
 * The API answer behind the page comes from Resource Timing (request start to last byte, sizes).
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { expect, it } from "vitest";
import { launch } from "../e2e/support/browser";

interface BenchFixture {
  url: string;
  project: string;
  key: string;
  traceId: string;
  warmRuns: number;
}

interface Sample {
  firstRowsMs: number;
  clickMs: number;
  interactiveMs: number;
  api: { ms: number; bytes: number; transferBytes: number; encoding: string };
  requests: { path: string; startMs: number; endMs: number; bytes: number }[];
}

declare global {
  interface Window {
    __tti: { firstRowAt: number | null; clickAt: number | null; doneAt: number | null };
    __ttiDone?: () => boolean;
  }
}

const fixture = JSON.parse(readFileSync(process.env.WEFT_UI_BENCH_FIXTURE ?? "", "utf8")) as BenchFixture;

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: fixture.url });
  context.setDefaultTimeout(120_000);
  context.setDefaultNavigationTimeout(120_000);
  await context.addInitScript(
    ({ project, key }) => {
      window.localStorage.setItem("weft.keyring", JSON.stringify({ keys: { [project]: key }, last: project }));
      window.__tti = { firstRowAt: null, clickAt: null, doneAt: null };
      const rowSelector = '[data-testid="span-tree-item"], [data-testid="trace-row"]';
      const check = () => {
        const m = window.__tti;
        if (m.firstRowAt === null && document.querySelector(rowSelector)) m.firstRowAt = performance.now();
        if (m.doneAt === null && m.clickAt !== null && window.__ttiDone?.()) m.doneAt = performance.now();
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
      document.addEventListener("pointerdown", () => (window.__tti.clickAt ??= performance.now()), true);
      window.addEventListener("popstate", check);
      // react-router navigates with pushState, which fires no event: check after it too.
      const push = history.pushState.bind(history);
      history.pushState = (...args: Parameters<History["pushState"]>) => {
        push(...args);
        queueMicrotask(check);
      };
    },
    { project: fixture.project, key: fixture.key },
  );
  return context;
}

async function apiTiming(page: Page, apiPath: string, encoding: string): Promise<Sample["api"]> {
  return page.evaluate(
    ({ apiPath, encoding }) => {
      const pattern = new RegExp(apiPath);
      // The page's first request of that endpoint: the one it waited for before drawing rows.
      const e = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).find((r) =>
        pattern.test(new URL(r.name).pathname + new URL(r.name).search),
      );
      if (!e) return { ms: NaN, bytes: NaN, transferBytes: NaN, encoding };
      return {
        ms: e.responseEnd - e.requestStart,
        bytes: e.decodedBodySize,
        transferBytes: e.encodedBodySize,
        encoding,
      };
    },
    { apiPath, encoding },
  );
}

/**
 * One measured load of `url`: waits for the first row, clicks the `rowIndex`-th row, waits for its
 * effect. `apiPath` is a regular expression of the path (and query) of the API request behind the rows.
 */
async function measure(page: Page, url: string, row: string, rowIndex: number, apiPath: string): Promise<Sample> {
  let encoding = "none";
  const onResponse = (r: import("playwright-core").Response) => {
    const u = new URL(r.url());
    if (new RegExp(apiPath).test(u.pathname + u.search)) encoding = r.headers()["content-encoding"] ?? "none";
  };
  page.on("response", onResponse);
  await page.goto(url, { waitUntil: "commit" });
  const target = page.getByTestId(row).nth(rowIndex);
  await target.waitFor({ state: "visible" });
  const label = (await target.textContent()) ?? "";
  const startPath = new URL(page.url()).pathname;
  await page.evaluate(
    ({ row, label, startPath }) => {
      window.__ttiDone =
        row === "span-tree-item"
          ? () =>
              [...document.querySelectorAll('[data-testid="span-tree-item"][aria-selected="true"]')].some(
                (e) => e.textContent === label,
              )
          : () => location.pathname !== startPath;
    },
    { row, label, startPath },
  );
  // A trace row opens its trace through the link on its name; a span row selects on click.
  await (row === "trace-row" ? target.getByRole("link").first() : target).click();
  await page.waitForFunction(() => window.__tti.doneAt !== null, undefined, { polling: 50, timeout: 120_000 });
  const marks = await page.evaluate(() => window.__tti);
  page.off("response", onResponse);
  // Every API request of the load, for the report's "where the time goes".
  const requests = await page.evaluate(() =>
    (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
      .filter((r) => new URL(r.name).pathname.startsWith("/api/"))
      .map((r) => ({
        path: new URL(r.name).pathname + new URL(r.name).search,
        startMs: Math.round(r.startTime),
        endMs: Math.round(r.responseEnd),
        bytes: r.decodedBodySize,
      })),
  );
  return {
    firstRowsMs: marks.firstRowAt!,
    clickMs: marks.clickAt!,
    interactiveMs: marks.doneAt!,
    api: await apiTiming(page, apiPath, encoding),
    requests,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summarise(samples: Sample[]) {
  return {
    firstRowsMs: median(samples.map((s) => s.firstRowsMs)),
    clickMs: median(samples.map((s) => s.clickMs)),
    interactiveMs: median(samples.map((s) => s.interactiveMs)),
    api: {
      ms: median(samples.map((s) => s.api.ms)),
      bytes: samples[0].api.bytes,
      transferBytes: samples[0].api.transferBytes,
      encoding: samples[0].api.encoding,
    },
  };
}

async function page(
  browser: Browser,
  url: string,
  row: string,
  rowIndex: number,
  apiPath: string,
): Promise<{ cold: Sample; warm: ReturnType<typeof summarise>; runs: Sample[] }> {
  const context = await newContext(browser);
  const tab = await context.newPage();
  const cold = await measure(tab, url, row, rowIndex, apiPath);
  console.log(`cold ${url}: ${JSON.stringify(cold)}`);
  const runs: Sample[] = [];
  for (let i = 0; i < fixture.warmRuns; i++) {
    await tab.goto("about:blank");
    runs.push(await measure(tab, url, row, rowIndex, apiPath));
    console.log(`warm ${i + 1}: ${JSON.stringify(runs[runs.length - 1])}`);
  }
  await context.close();
  return { cold, warm: summarise(runs), runs };
}

it("measures time to interactive of the trace detail page and the traces table", async () => {
  const browser = await launch();
  try {
    const project = encodeURIComponent(fixture.project);
    const traceDetail = await page(
      browser,
      `/p/${project}/traces/${fixture.traceId}`,
      "span-tree-item",
      2,
      `^/api/v1/projects/${project}/traces/${fixture.traceId}(/spans)?$`,
    );
    const tracesTable = await page(browser, `/p/${project}/traces`, "trace-row", 0, `^/api/v1/projects/${project}/traces(\\?|$)`);
    const result = { browser: browser.version(), warmRuns: fixture.warmRuns, traceDetail, tracesTable };
    writeFileSync(process.env.WEFT_UI_BENCH_RESULT ?? "ui-bench-result.json", JSON.stringify(result, null, 2));
    expect(traceDetail.cold.interactiveMs).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
}, 600_000);
