import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, useLocation, type RouteObject } from "react-router";
import { vi } from "vitest";

/** A request the fake API received: method, URL and the JSON body (undefined without one). */
export interface FakeRequest {
  method: string;
  url: URL;
  body: unknown;
}

/** A fake API: answers by path; records every request URL. No network. */
export interface FakeApi {
  calls: URL[];
  /** every request with its method and body, in order */
  requests: FakeRequest[];
  /** requests to `/api/v1/projects/demo/traces` (the list), as URLs; counts (`total=true`) aside */
  listCalls(path?: string): URL[];
  /** the trace list's count requests (`total=true`), as URLs */
  countCalls(): URL[];
}

export type Handler = (url: URL, request: FakeRequest) => { status?: number; body: unknown } | undefined;

export function fakeFetch(handler: Handler): FakeApi {
  const calls: URL[] = [];
  const requests: FakeRequest[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request | string) => {
      const url = new URL(typeof input === "string" ? input : input.url);
      calls.push(url);
      const text = typeof input === "string" ? "" : await input.clone().text();
      const request = { method: typeof input === "string" ? "GET" : input.method, url, body: text ? JSON.parse(text) : undefined };
      requests.push(request);
      const answer = handler(url, request) ?? { status: 404, body: { title: "Not Found", status: 404, detail: `no fake for ${url.pathname}` } };
      const status = answer.status ?? 200;
      if (status === 204) return new Response(null, { status });
      return new Response(JSON.stringify(answer.body), {
        status,
        headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
      });
    }),
  );
  return {
    calls,
    requests,
    listCalls: (path = "/api/v1/projects/demo/traces") =>
      calls.filter((u) => u.pathname === path && u.searchParams.get("total") !== "true"),
    countCalls: () =>
      calls.filter((u) => u.pathname === "/api/v1/projects/demo/traces" && u.searchParams.get("total") === "true"),
  };
}

/** Shows the router's current location, so tests can read what the page wrote to the URL. */
function LocationProbe() {
  const location = useLocation();
  return (
    <output data-testid="location" data-state={JSON.stringify(location.state ?? null)}>
      {location.pathname + location.search}
    </output>
  );
}

/** Renders `element` at `path` (under `/p/:project/<pattern>`) with a fresh query cache. */
export function renderPage(pattern: string, element: React.ReactNode, path: string) {
  const routes: RouteObject[] = [
    {
      path: "/p/:project",
      children: [
        {
          path: pattern,
          element: (
            <>
              {element}
              <LocationProbe />
            </>
          ),
        },
        { path: "*", element: <LocationProbe /> },
      ],
    },
  ];
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } });
  const view = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...view, router };
}
