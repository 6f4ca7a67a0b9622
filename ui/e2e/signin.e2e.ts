import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPageErrors, launch, newJourneyPage, p, POLL } from "./support/browser";
import { fixture } from "./support/fixture";

describe("sign-in", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signing in with the project's key opens the project's traces", async () => {
    const f = fixture();
    const j = await newJourneyPage(browser, { signedIn: false });
    await j.page.goto("/");
    await j.page.waitForURL(/\/signin/);
    await j.page.getByLabel("API key").fill(f.key);
    await j.page.getByRole("button", { name: "Sign in" }).click();
    await j.page.waitForURL((url) => url.pathname === p("traces"));
    await expect.poll(() => j.page.getByRole("combobox", { name: "Project" }).inputValue(), POLL).toBe(f.project);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("a wrong key shows the server's message and stays on the sign-in page", async () => {
    const f = fixture();
    const j = await newJourneyPage(browser, { signedIn: false });
    await j.page.goto("/signin");
    await j.page.getByLabel("API key").fill(f.wrongKey.key);
    await j.page.getByRole("button", { name: "Sign in" }).click();
    const alert = j.page.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toContain(f.wrongKey.message);
    expect(new URL(j.page.url()).pathname).toBe("/signin");
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("a shared link opened without a key asks for the key, then opens the linked page", async () => {
    const f = fixture();
    const j = await newJourneyPage(browser, { signedIn: false });
    const link = p(`traces/${f.traces.agent.traceId}`);
    await j.page.goto(link);
    await j.page.waitForURL(/\/signin\?/);
    await j.page.getByLabel("API key").fill(f.key);
    await j.page.getByRole("button", { name: "Sign in" }).click();
    await j.page.waitForURL((url) => url.pathname === link);
    expectNoPageErrors(j);
    await j.context.close();
  });
});
