import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../app/session";
import { SignInPage } from "./SignInPage";

function Where() {
  const location = useLocation();
  return <output data-testid="where">{location.pathname}</output>;
}

/** A fake server: `keys` maps a bearer key to its project; `authEnabled` false accepts no key. */
function server(keys: Record<string, string>, authEnabled = true) {
  const seen: (string | null)[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const auth = request.headers.get("Authorization");
      seen.push(auth);
      const key = auth?.replace(/^Bearer /, "") ?? "";
      const project = authEnabled ? keys[key] : "default";
      if (!project) {
        const detail = auth ? "unknown or revoked API key" : "missing API key: send Authorization: Bearer <key>";
        return new Response(JSON.stringify({ status: 401, title: "Unauthorized", detail }), {
          status: 401,
          headers: { "Content-Type": "application/problem+json" },
        });
      }
      return new Response(JSON.stringify({ project, scopes: ["read"], authEnabled }), {
        headers: { "Content-Type": "application/json" },
      });
    }),
  );
  return seen;
}

function open(path = "/signin") {
  const router = createMemoryRouter(
    [
      { path: "/signin", element: <SignInPage /> },
      { path: "/p/:project/*", element: <Where /> },
    ],
    { initialEntries: [path] },
  );
  render(
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>,
  );
}

beforeEach(() => localStorage.clear());
afterEach(() => vi.unstubAllGlobals());

describe("sign-in", () => {
  it("a wrong key shows the server's message and stores nothing", async () => {
    server({ weft_good: "shop" });
    open();
    await userEvent.type(screen.getByLabelText("API key"), "weft_wrong");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toBe("unknown or revoked API key");
    expect(localStorage.getItem("weft.keyring")).toBeNull();
  });

  it("a good key opens its project and is remembered for it", async () => {
    const seen = server({ weft_good: "shop" });
    open();
    await userEvent.type(screen.getByLabelText("API key"), "  weft_good ");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByTestId("where")).textContent).toBe("/p/shop/traces");
    expect(seen).toContain("Bearer weft_good");
    expect(JSON.parse(localStorage.getItem("weft.keyring")!).keys).toEqual({ shop: "weft_good" });
  });

  it("comes back to the shared link that asked for the key", async () => {
    server({ weft_good: "shop" });
    open("/signin?project=shop&next=%2Fp%2Fshop%2Fruns%2Fr1");
    expect(screen.getByText(/for project “shop”/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText("API key"), "weft_good");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByTestId("where")).textContent).toBe("/p/shop/runs/r1");
  });

  it("a server without auth opens its project without asking for a key", async () => {
    server({}, false);
    open();
    await waitFor(() => expect(screen.getByTestId("where").textContent).toBe("/p/default/traces"));
  });
});
