import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema";

/** Schemas of the server's OpenAPI contract (`ui/openapi.json`, checked against the server). */
export type Schemas = components["schemas"];

/** The typed client for the Weft REST API. */
export type WeftClient = Client<paths>;

/**
 * An API answer that is not a success, with the server's problem detail as the message.
 * `final` says that asking again will get the same answer: every 4xx, and a 503 without
 * `Retry-After` (a query stopped by the server's time limit, not an overload).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly final: boolean = status >= 400 && status < 500,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The queries' retry rule: up to two retries, never for an answer that is {@link ApiError#final}. */
export function shouldRetry(failures: number, error: Error): boolean {
  return !(error instanceof ApiError && error.final) && failures < 2;
}

/**
 * Creates a client that sends `key` as the bearer token (no header when the key is empty). The API
 * is served by the same origin as the UI; the origin is spelled out because `fetch` outside a
 * browser (tests) cannot resolve relative URLs.
 */
export function createWeftClient(key: string, baseUrl = globalThis.location?.origin ?? ""): WeftClient {
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest({ request }) {
      if (key) request.headers.set("Authorization", `Bearer ${key}`);
      return request;
    },
  });
  return client;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** Returns the data of an openapi-fetch answer, or throws an {@link ApiError} a person can read. */
export async function unwrap<T>(answer: Promise<Answer<T>>): Promise<T> {
  let result: Answer<T>;
  try {
    result = await answer;
  } catch (e) {
    throw new ApiError(0, `The server did not answer (${(e as Error).message}). Is it running?`);
  }
  if (result.response.ok) return result.data as T;
  const status = result.response.status;
  const final = (status >= 400 && status < 500) || (status === 503 && !result.response.headers.has("Retry-After"));
  throw new ApiError(status, problemMessage(status, result.error), final);
}

/** The human message of an error body: the problem document's `detail`, else its title, else the status. */
export function problemMessage(status: number, body: unknown): string {
  if (body && typeof body === "object") {
    const problem = body as { detail?: unknown; title?: unknown; message?: unknown };
    for (const field of [problem.detail, problem.message, problem.title]) {
      if (typeof field === "string" && field) return field;
    }
  }
  if (typeof body === "string" && body) return body;
  return `HTTP ${status}`;
}
