import { describe, expect, it } from "vitest";
import { formatCost, formatDuration, formatTokens } from "./format";

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
    expect(formatCost(0.00001)).toBe("$1.0e-5");
    expect(formatCost(12.5)).toBe("$12.50");
  });
  it("tokens abbreviate large counts", () => {
    expect(formatTokens(1500)).toBe("1500");
    expect(formatTokens(15_000)).toBe("15.0k");
    expect(formatTokens(2_500_000)).toBe("2.50M");
  });
});
