import { describe, expect, it } from "vitest";
import { describeCount, suggestionsOf, type TraceFacets, type TraceSummary } from "./api";

const row = (models: string[], providers: string[], name = "chat") => ({ name, models, providers }) as unknown as TraceSummary;

describe("filter suggestions", () => {
  it("join the project's facets with the values on screen, each once and sorted", () => {
    const facets = { names: ["invoke_agent support", "chat"], models: ["gpt-4o", "o3"], providers: ["openai"], kinds: ["chat"] } as unknown as TraceFacets;
    const s = suggestionsOf([row(["claude-sonnet-4", "gpt-4o"], ["anthropic"], "embed docs")], facets);
    expect(s.names).toEqual(["chat", "embed docs", "invoke_agent support"]);
    expect(s.models).toEqual(["claude-sonnet-4", "gpt-4o", "o3"]);
    expect(s.providers).toEqual(["anthropic", "openai"]);
  });

  it("come from the rows alone while the facets are missing", () => {
    expect(suggestionsOf([row(["gpt-4o"], ["openai"])], undefined)).toEqual({ names: ["chat"], models: ["gpt-4o"], providers: ["openai"] });
    expect(suggestionsOf(undefined, undefined)).toEqual({ names: [], models: [], providers: [] });
  });
});

describe("trace count", () => {
  it("reads as a number of traces, with a plus when the server stopped counting", () => {
    expect(describeCount({ count: 0, exact: true })).toBe("0 traces");
    expect(describeCount({ count: 1, exact: true })).toBe("1 trace");
    expect(describeCount({ count: 1234, exact: true })).toBe("1,234 traces");
    expect(describeCount({ count: 10000, exact: false })).toBe("10,000+ traces");
  });
});
