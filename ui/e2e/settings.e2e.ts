import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoPageErrors, launch, newJourneyPage, p, POLL, screenshot } from "./support/browser";
import { fixture } from "./support/fixture";

describe("settings", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("an admin creates a key, sees its secret once, sees it used, and revokes it", async () => {
    const f = fixture();
    const name = `e2e-key-${Date.now()}`;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("settings"));
    await j.page.getByTestId("key-name").fill(name);
    await j.page.getByTestId("scope-read").check();
    await j.page.getByRole("button", { name: "Create key" }).click();
    const secret = (await j.page.getByTestId("secret").innerText()).trim();
    expect(secret).toMatch(/^weft_/);
    const row = j.page.getByTestId("key-row").filter({ hasText: name });
    await expect.poll(() => row.innerText(), POLL).toContain("never");

    // The new key works with the read scope it was given; the list then shows its last use.
    const projects = await j.context.request.get("/api/v1/projects", { headers: { Authorization: `Bearer ${secret}` } });
    expect(projects.status()).toBe(200);
    await j.page.reload();
    await expect.poll(() => row.innerText(), POLL).not.toContain("never");
    await screenshot(j.page, "settings");

    await row.getByRole("button", { name: "Revoke…" }).click();
    await row.getByRole("button", { name: new RegExp(`Revoke ${name}`) }).click();
    await expect.poll(() => row.innerText(), POLL).toContain("revoked");
    // Revoking empties this server's key cache: the key stops working at once.
    const refused = await j.context.request.get("/api/v1/projects", { headers: { Authorization: `Bearer ${secret}` } });
    expect(refused.status()).toBe(401);
    // The seeded admin key, with which the page works, is untouched.
    expect((await j.context.request.get("/api/v1/projects", { headers: { Authorization: `Bearer ${f.key}` } })).status()).toBe(200);
    expectNoPageErrors(j);
    await j.context.close();
  });

  it("a price set for a model is listed with its cache price, applies to it, and can be removed", async () => {
    const model = `e2e-model-${Date.now()}`;
    const j = await newJourneyPage(browser);
    await j.page.goto(p("settings"));
    await j.page.getByTestId("price-model").fill(model);
    await j.page.getByTestId("price-input").fill("0.4");
    await j.page.getByTestId("price-output").fill("1.6");
    await j.page.getByTestId("price-cacheRead").fill("0.1");
    await j.page.getByRole("button", { name: "Set price" }).click();
    const row = j.page.getByTestId("price-row").filter({ hasText: model });
    await expect.poll(() => row.count(), POLL).toBe(1);
    const text = await row.innerText();
    expect(text).toContain("0.4");
    expect(text).toContain("1.6");
    expect(text).toContain("0.1");
    expect(text).toContain("as input");

    // The lookup says which price the model's spans get, and from where.
    await j.page.getByTestId("lookup-model").fill(model);
    await j.page.getByRole("button", { name: "Look up" }).click();
    const answer = j.page.getByTestId("lookup-answer");
    await expect.poll(() => answer.innerText(), POLL).toContain("this project's price");

    await row.getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => row.count(), POLL).toBe(0);
    await j.page.getByRole("button", { name: "Look up" }).click();
    await expect.poll(() => answer.innerText(), POLL).toContain("no price: its spans get no cost");
    expectNoPageErrors(j);
    await j.context.close();
  });
  it("spans stored before their model had a price get its cost from the backfill", async () => {
    const f = fixture();
    const model = `e2e-late-model-${Date.now()}`;
    const hex = (bytes: number) => Array.from({ length: bytes }, () => Math.floor(Math.random() * 256).toString(16).padStart(2, "0")).join("");
    const traceId = hex(16);
    const spanId = hex(8);
    const start = BigInt(Date.now()) * 1_000_000n;
    const attr = (key: string, value: object) => ({ key, value });
    const j = await newJourneyPage(browser);
    const auth = { Authorization: `Bearer ${f.key}` };
    const sent = await j.context.request.post("/v1/traces", {
      headers: { ...auth, "Content-Type": "application/json" },
      data: {
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    traceId,
                    spanId,
                    name: `chat ${model}`,
                    kind: 3,
                    startTimeUnixNano: String(start),
                    endTimeUnixNano: String(start + 5_000_000n),
                    attributes: [
                      attr("gen_ai.operation.name", { stringValue: "chat" }),
                      attr("gen_ai.request.model", { stringValue: model }),
                      attr("gen_ai.usage.input_tokens", { intValue: 1000000 }),
                      attr("gen_ai.usage.output_tokens", { intValue: 500000 }),
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(sent.status()).toBe(200);
    const traceCost = async () => {
      const trace = await j.context.request.get(`/api/v1/projects/${encodeURIComponent(f.project)}/traces/${traceId}`, { headers: auth });
      return (await trace.json()).summary.costUsd as number | null;
    };
    expect(await traceCost()).toBeNull();

    await j.page.goto(p("settings"));
    await j.page.getByTestId("price-model").fill(model);
    await j.page.getByTestId("price-input").fill("2");
    await j.page.getByTestId("price-output").fill("8");
    await j.page.getByRole("button", { name: "Set price" }).click();
    const row = j.page.getByTestId("price-row").filter({ hasText: model });
    await expect.poll(() => row.count(), POLL).toBe(1);

    await j.page.getByRole("button", { name: "Price stored spans without a cost" }).click();
    await expect.poll(() => j.page.getByTestId("backfill-result").innerText(), POLL).toContain(`${model}: 1 span`);
    // 1M input tokens at $2 and 0.5M output tokens at $8.
    expect(await traceCost()).toBeCloseTo(6, 9);

    await row.getByRole("button", { name: "Remove" }).click();
    await expect.poll(() => row.count(), POLL).toBe(0);
    expectNoPageErrors(j);
    await j.context.close();
  });
});
