import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";
import { fixture } from "./fixture";

const here = dirname(fileURLToPath(import.meta.url));
const uiDir = resolve(here, "..", "..");
export const screenshotDir = join(uiDir, "target", "e2e-screenshots");

/** The flags every Weft browser run uses: no GPU, no network of its own, nothing downloaded. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/** Debian's chromium: WEFT_E2E_CHROMIUM, or whatever e2e/ensure-chromium.sh provides. */
export function chromiumPath(): string {
  if (process.env.WEFT_E2E_CHROMIUM) return process.env.WEFT_E2E_CHROMIUM;
  try {
    const out = execFileSync("sh", [join(uiDir, "e2e", "ensure-chromium.sh")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    return out.trim().split("\n").pop()!;
  } catch {
    throw new Error("No chromium for the browser tests: see the message of e2e/ensure-chromium.sh above.");
  }
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** A page of a fresh browser context; uncaught page errors are collected for {@link expectNoPageErrors}. */
export interface JourneyPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * A fresh context (its own storage), signed in to the seeded project when `signedIn`: the key is
 * put where the sign-in page stores it (`weft.keyring` in localStorage), so a journey that is not
 * about signing in starts on its page directly.
 */
export async function newJourneyPage(browser: Browser, { signedIn = true } = {}): Promise<JourneyPage> {
  const f = fixture();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: f.url });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  if (signedIn) {
    await context.addInitScript(
      ({ project, key }) => {
        if (!window.localStorage.getItem("weft.keyring")) {
          window.localStorage.setItem("weft.keyring", JSON.stringify({ keys: { [project]: key }, last: project }));
        }
      },
      { project: f.project, key: f.key },
    );
  }
  const page = await context.newPage();
  // WEFT_E2E_CPU_THROTTLE=4 runs the page 4× slower, to shake out races before a slow CI machine does.
  const throttle = Number(process.env.WEFT_E2E_CPU_THROTTLE ?? "1");
  if (throttle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  }
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`${e.name}: ${e.message}`));
  return { context, page, errors };
}

/** A path below the seeded project, e.g. `p("traces")` → `/p/<project>/traces`. */
export function p(path: string): string {
  return `/p/${encodeURIComponent(fixture().project)}/${path}`;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** No uncaught exception happened in the page during the journey. */
export function expectNoPageErrors(journey: JourneyPage): void {
  expect(journey.errors, "uncaught errors in the page").toEqual([]);
}

/** Polls until the assertion holds (pages load asynchronously). */
export const POLL = { timeout: 15_000, interval: 100 } as const;
