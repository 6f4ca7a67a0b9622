import { describe, expect, it } from "vitest";
import { ApiError, shouldRetry, unwrap } from "./client";

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return Promise.resolve({ error: body, response: new Response(null, { status, headers }) });
}

async function failure(status: number, headers: Record<string, string> = {}): Promise<ApiError> {
  try {
    await unwrap(answer(status, { detail: "why" }, headers));
  } catch (e) {
    return e as ApiError;
  }
  throw new Error("unwrap did not throw");
}

describe("API errors and retries", () => {
  it("carries the problem detail and the status", async () => {
    const error = await failure(400);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe("why");
  });

  it("does not retry 4xx answers", async () => {
    expect(shouldRetry(0, await failure(400))).toBe(false);
    expect(shouldRetry(0, await failure(404))).toBe(false);
  });

  it("does not retry a 503 without Retry-After: a query stopped by the time limit would be stopped again", async () => {
    expect(shouldRetry(0, await failure(503))).toBe(false);
  });

  it("retries an overloaded 503 with Retry-After, other 5xx and unreachable servers, twice at most", async () => {
    const overloaded = await failure(503, { "Retry-After": "1" });
    expect(shouldRetry(0, overloaded)).toBe(true);
    expect(shouldRetry(1, overloaded)).toBe(true);
    expect(shouldRetry(2, overloaded)).toBe(false);
    expect(shouldRetry(0, await failure(500))).toBe(true);
    expect(shouldRetry(0, new ApiError(0, "The server did not answer"))).toBe(true);
    expect(shouldRetry(0, new TypeError("other"))).toBe(true);
  });
});
