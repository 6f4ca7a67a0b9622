import { describe, expect, it } from "vitest";
import { suggestionsOf, type TraceFacets, type TraceSummary } from "./api";

const row = (models: string[], providers: string[]) => ({ models, providers }) as unknown as TraceSummary;

describe("filter suggestions", () => {
  it("join the project's facets with the values on screen, each once and sorted", () => {
    const facets = { models: ["gpt-4o", "o3"], providers: ["openai"], kinds: ["chat"] } as unknown as TraceFacets;
    const s = suggestionsOf([row(["claude-sonnet-4", "gpt-4o"], ["anthropic"])], facets);
    expect(s.models).toEqual(["claude-sonnet-4", "gpt-4o", "o3"]);
    expect(s.providers).toEqual(["anthropic", "openai"]);
  });

  it("come from the rows alone while the facets are missing", () => {
    expect(suggestionsOf([row(["gpt-4o"], ["openai"])], undefined)).toEqual({ models: ["gpt-4o"], providers: ["openai"] });
    expect(suggestionsOf(undefined, undefined)).toEqual({ models: [], providers: [] });
  });
});
