import { describe, expect, it } from "vitest";
import { cursorStack } from "../../../components/cursorPaging";
import { sessionLimit } from "../../sessions/SessionsPage";

describe("paging state from history and URL", () => {
  it("reads the earlier pages' cursors from the history entry, and nothing else", () => {
    expect(cursorStack({ cursors: ["", "p2"] })).toEqual(["", "p2"]);
    expect(cursorStack(null)).toEqual([]);
    expect(cursorStack({ cursors: "p2" })).toEqual([]);
    expect(cursorStack({ cursors: [1, 2] })).toEqual([]);
  });
  it("a session page size outside 1–1000 or not a whole number falls back to 50", () => {
    expect(sessionLimit("25")).toBe(25);
    expect(sessionLimit(null)).toBe(50);
    expect(sessionLimit("0")).toBe(50);
    expect(sessionLimit("2.5")).toBe(50);
    expect(sessionLimit("lots")).toBe(50);
    expect(sessionLimit("1001")).toBe(50);
  });
});
