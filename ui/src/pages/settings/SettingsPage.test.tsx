import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SettingsPage } from "./SettingsPage";
import { fakeFetch, renderPage, type FakeApi, type Handler } from "../traces/list/testing";

vi.mock("../../app/session", async () => {
  const { createWeftClient } = await import("../../api/client");
  return { useProjectApi: () => ({ project: "demo", api: createWeftClient("test-key", "http://weft.test") }) };
});

const KEYS = "/api/v1/projects/demo/keys";
const PRICES = "/api/v1/projects/demo/prices";

const key = (id: number, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  prefix: `weft_${name.slice(0, 6)}`,
  scopes: ["ingest"],
  createdAt: "2026-11-20T10:00:00Z",
  lastUsedAt: null,
  revokedAt: null,
  ...extra,
});

const price = (model: string, extra: Record<string, unknown> = {}) => ({
  model,
  inputPerMillion: 2,
  outputPerMillion: 8,
  cacheReadPerMillion: null,
  cacheWritePerMillion: null,
  updatedAt: "2026-11-26T09:00:00Z",
  ...extra,
});

let api: FakeApi;
afterEach(() => vi.unstubAllGlobals());

/** The settings page over a fake API: `handler` first, then keys and prices answered as given. */
function show(handler: Handler = () => undefined, keys: unknown[] = [], overrides: unknown[] = []) {
  api = fakeFetch((url, request) => {
    const special = handler(url, request);
    if (special) return special;
    if (url.pathname === KEYS && request.method === "GET") return { body: keys };
    if (url.pathname === PRICES && request.method === "GET") return { body: { overrides, shippedModels: 171 } };
    return undefined;
  });
  return renderPage("settings", <SettingsPage />, "/p/demo/settings");
}

const rows = (testId: string) => screen.getAllByTestId(testId);
const gets = (path: string) => api.requests.filter((r) => r.method === "GET" && r.url.pathname === path);

describe("settings page", () => {
  it("lists the keys with their scopes, last use and status", async () => {
    show(undefined, [
      key(1, "root", { scopes: ["ingest", "read", "admin"], lastUsedAt: "2026-11-27T10:00:00Z" }),
      key(2, "old ci", { revokedAt: "2026-11-25T08:00:00Z" }),
      key(3, "fresh"),
    ]);

    await waitFor(() => expect(rows("key-row")).toHaveLength(3));
    const [root, old, fresh] = rows("key-row");
    expect(within(root).getAllByText(/^(ingest|read|admin)$/)).toHaveLength(3);
    expect(root.textContent).toContain("weft_root…");
    expect(root.textContent).not.toContain("never");
    expect(within(root).getByRole("button", { name: "Revoke…" })).toBeTruthy();
    expect(old.textContent).toContain("revoked");
    expect(within(old).queryByRole("button")).toBeNull();
    expect(fresh.textContent).toContain("never");
  });

  it("creates a key with the chosen scopes and shows its secret once", async () => {
    show((url, request) =>
      url.pathname === KEYS && request.method === "POST"
        ? { status: 201, body: { key: key(9, "ci"), secret: "weft_secret-shown-once" } }
        : undefined,
    );
    await screen.findByText("No keys");
    expect(screen.getByRole("button", { name: "Create key" })).toHaveProperty("disabled", true);

    await userEvent.type(screen.getByTestId("key-name"), "  ci ");
    await userEvent.click(screen.getByTestId("scope-read"));
    await userEvent.click(screen.getByRole("button", { name: "Create key" }));

    expect((await screen.findByTestId("secret")).textContent).toBe("weft_secret-shown-once");
    expect(screen.getByTestId("new-secret").textContent).toContain("not shown again");
    const post = api.requests.find((r) => r.method === "POST");
    expect(post?.body).toEqual({ name: "ci", scopes: ["ingest", "read"] });
    // The list is read again, and the name field is cleared for the next key.
    await waitFor(() => expect(gets(KEYS)).toHaveLength(2));
    expect(screen.getByTestId("key-name")).toHaveProperty("value", "");

    await userEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(screen.queryByTestId("secret")).toBeNull();
  });

  it("a key without a scope cannot be asked for, and a refusal shows the server's reason", async () => {
    show((url, request) =>
      url.pathname === KEYS && request.method === "POST"
        ? { status: 400, body: { status: 400, title: "Bad Request", detail: "a key name may hold at most 200 characters" } }
        : undefined,
    );
    await screen.findByText("No keys");
    await userEvent.type(screen.getByTestId("key-name"), "x");
    await userEvent.click(screen.getByTestId("scope-ingest"));
    expect(screen.getByRole("button", { name: "Create key" })).toHaveProperty("disabled", true);

    await userEvent.click(screen.getByTestId("scope-admin"));
    await userEvent.click(screen.getByRole("button", { name: "Create key" }));

    expect((await screen.findByRole("alert")).textContent).toBe("a key name may hold at most 200 characters");
    expect(screen.queryByTestId("secret")).toBeNull();
  });

  it("revokes a key only after a second, explicit click", async () => {
    show(
      (url, request) => (request.method === "DELETE" && url.pathname === `${KEYS}/3` ? { body: key(3, "ci", { revokedAt: "2026-11-27T11:00:00Z" }) } : undefined),
      [key(3, "ci")],
    );
    await userEvent.click(await screen.findByRole("button", { name: "Revoke…" }));
    await userEvent.click(screen.getByRole("button", { name: "Keep" }));
    expect(api.requests.filter((r) => r.method === "DELETE")).toHaveLength(0);

    await userEvent.click(screen.getByRole("button", { name: "Revoke…" }));
    await userEvent.click(screen.getByRole("button", { name: /Revoke ci: clients using it stop working/ }));

    await waitFor(() => expect(api.requests.filter((r) => r.method === "DELETE")).toHaveLength(1));
    await waitFor(() => expect(gets(KEYS)).toHaveLength(2));
  });

  it("says why a key that is not an admin key cannot see the settings", async () => {
    show((url) =>
      url.pathname === KEYS || url.pathname === PRICES
        ? { status: 403, body: { status: 403, title: "Forbidden", detail: "this API key lacks the 'admin' scope this operation needs" } }
        : undefined,
    );

    await waitFor(() => expect(screen.getAllByRole("alert")).toHaveLength(2));
    for (const alert of screen.getAllByRole("alert")) {
      expect(alert.textContent).toContain("Not allowed");
      expect(alert.textContent).toContain("'admin' scope");
    }
  });

  it("lists price overrides, sets one with optional cache prices and removes one", async () => {
    show(
      (url, request) => {
        if (url.pathname !== PRICES) return undefined;
        if (request.method === "PUT") return { body: price("my-model") };
        if (request.method === "DELETE") return { status: 204, body: null };
        return undefined;
      },
      [],
      [price("gpt-4o", { cacheReadPerMillion: 1.25 })],
    );
    const [row] = await screen.findAllByTestId("price-row");
    expect(row.textContent).toContain("gpt-4o");
    expect(row.textContent).toContain("1.25");
    expect(row.textContent).toContain("as input");
    expect(screen.getByText(/171 models/)).toBeTruthy();

    await userEvent.type(screen.getByTestId("price-model"), "my-model");
    await userEvent.type(screen.getByTestId("price-input"), "0.5");
    await userEvent.type(screen.getByTestId("price-output"), "1.5");
    await userEvent.type(screen.getByTestId("price-cacheRead"), "0.05");
    await userEvent.click(screen.getByRole("button", { name: "Set price" }));

    await waitFor(() => expect(api.requests.filter((r) => r.method === "PUT")).toHaveLength(1));
    expect(api.requests.find((r) => r.method === "PUT")?.body).toEqual({
      model: "my-model",
      inputPerMillion: 0.5,
      outputPerMillion: 1.5,
      cacheReadPerMillion: 0.05,
      cacheWritePerMillion: null,
    });
    await waitFor(() => expect(screen.getByTestId("price-model")).toHaveProperty("value", ""));

    await userEvent.click(within(row).getByRole("button", { name: "Remove" }));
    await waitFor(() => expect(api.requests.filter((r) => r.method === "DELETE")).toHaveLength(1));
    expect(api.requests.find((r) => r.method === "DELETE")?.url.searchParams.get("model")).toBe("gpt-4o");
  });

  it("says which price a model gets and where it comes from, or that it gets none", async () => {
    show((url) => {
      if (url.pathname !== `${PRICES}/effective`) return undefined;
      const model = url.searchParams.get("model");
      return model === "gpt-4o-2024-08-06"
        ? { body: { model, source: "shipped", inputPerMillion: 2.5, outputPerMillion: 10, cacheReadPerMillion: 1.25, cacheWritePerMillion: null } }
        : { body: { model, source: "unknown", inputPerMillion: null, outputPerMillion: null, cacheReadPerMillion: null, cacheWritePerMillion: null } };
    });
    await screen.findByText("No price overrides");

    await userEvent.type(screen.getByTestId("lookup-model"), "gpt-4o-2024-08-06");
    await userEvent.click(screen.getByRole("button", { name: "Look up" }));
    expect((await screen.findByTestId("lookup-answer")).textContent).toBe(
      "gpt-4o-2024-08-06: $2.5 in · $10 out per million tokens, cache read $1.25 (shipped table).",
    );

    await userEvent.clear(screen.getByTestId("lookup-model"));
    await userEvent.type(screen.getByTestId("lookup-model"), "my-finetune");
    await userEvent.click(screen.getByRole("button", { name: "Look up" }));
    await waitFor(() => expect(screen.getByTestId("lookup-answer").textContent).toBe("my-finetune: no price: its spans get no cost. Set one below."));
  });
  it("prices the stored spans without a cost and says which models still have no price", async () => {
    show((url, request) => {
      if (url.pathname !== `${PRICES}/backfill` || request.method !== "POST") return undefined;
      return {
        body: {
          from: "2000-01-01T00:00:00Z",
          to: "2026-11-28T12:00:00Z",
          pricedSpans: 1201,
          costUsd: 2.5,
          priced: [
            { model: "acme-ft-1", spans: 1200, costUsd: 2.4 },
            { model: "acme-ft-2", spans: 1, costUsd: 0.1 },
          ],
          unpriced: [{ model: "other-llm", spans: 3 }],
        },
      };
    });
    await screen.findByText("No price overrides");

    await userEvent.click(screen.getByRole("button", { name: "Price stored spans without a cost" }));

    expect((await screen.findByTestId("backfill-result")).textContent).toBe(
      "Priced 1,201 spans, $2.50 in all (acme-ft-1: 1,200 spans, acme-ft-2: 1 span). Still without a price: other-llm (3 spans).",
    );
    expect(api.requests.filter((r) => r.method === "POST" && r.url.pathname === `${PRICES}/backfill`)).toHaveLength(1);
  });

  it("says when no stored span could get a cost, and shows a refused backfill's reason", async () => {
    let calls = 0;
    show((url, request) => {
      if (url.pathname !== `${PRICES}/backfill` || request.method !== "POST") return undefined;
      calls += 1;
      return calls === 1
        ? { body: { from: "2000-01-01T00:00:00Z", to: "2026-11-28T12:00:00Z", pricedSpans: 0, costUsd: 0, priced: [], unpriced: [] } }
        : { status: 403, body: { status: 403, title: "Forbidden", detail: "this API key lacks the 'admin' scope" } };
    });
    await screen.findByText("No price overrides");
    const button = screen.getByRole("button", { name: "Price stored spans without a cost" });

    await userEvent.click(button);
    expect((await screen.findByTestId("backfill-result")).textContent).toBe("No stored span could get a cost.");

    await userEvent.click(button);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("'admin' scope"));
  });
});
