import { describe, expect, it } from "vitest";
import { cacheNote, formatCost, formatDuration, formatTimeCompact, formatTokens } from "./format";

describe("format", () => {
  it("durations pick a readable unit", () => {
    expect(formatDuration(0.25)).toBe("250 µs");
    expect(formatDuration(4.56)).toBe("4.6 ms");
    expect(formatDuration(812.4)).toBe("812 ms");
    expect(formatDuration(2345)).toBe("2.35 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(null)).toBe("–");
  });
  it("costs keep small amounts visible", () => {
    expect(formatCost(0)).toBe("$0");
    expect(formatCost(0.0048)).toBe("$0.0048");
    expect(formatCost(0.00001)).toBe("$0.00001");
    expect(formatCost(0.0000234)).toBe("$0.000023");
    expect(formatCost(12.5)).toBe("$12.50");
  });
  it("tokens abbreviate large counts", () => {
    expect(formatTokens(1500)).toBe("1500");
    expect(formatTokens(15_000)).toBe("15.0k");
    expect(formatTokens(2_500_000)).toBe("2.50M");
  });
  it("the cache note says what the prompt cache served and took, and nothing when it did neither", () => {
    expect(cacheNote({ cacheReadTokens: 10_240, cacheWriteTokens: 2048 })).toBe(" (10.2k cached, 2048 written to cache)");
    expect(cacheNote({ cacheReadTokens: 1000, cacheWriteTokens: 0 })).toBe(" (1000 cached)");
    expect(cacheNote({ cacheReadTokens: null, cacheWriteTokens: undefined })).toBe("");
    expect(cacheNote({ cacheReadTokens: 0, cacheWriteTokens: 0 })).toBe("");
  });
  it("compact times drop the date today and the year this year", () => {
    const now = new Date(2026, 10, 27, 12, 0, 0);
    expect(formatTimeCompact(new Date(2026, 10, 27, 5, 52, 47).toISOString(), now)).toBe("05:52:47");
    expect(formatTimeCompact(new Date(2026, 10, 26, 23, 10, 4).toISOString(), now)).toBe("11-26 23:10:04");
    expect(formatTimeCompact(new Date(2025, 0, 2, 3, 4, 5).toISOString(), now)).toBe("2025-01-02 03:04:05");
    expect(formatTimeCompact(undefined, now)).toBe("–");
  });
});
