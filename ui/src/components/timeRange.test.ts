import { describe, expect, it } from "vitest";
import { fromLocalInput, parseTimeWindow, timeWindowQuery, toLocalInput, writeTimeWindow } from "./timeRange";

function parse(query: string) {
  const dropped: string[] = [];
  const window = parseTimeWindow(new URLSearchParams(query), (name, why) => dropped.push(`${name}: ${why}`));
  return { window, dropped };
}

describe("time ranges", () => {
  it("reads a quick range and fixed instants from the URL", () => {
    expect(parse("range=24h").window).toEqual({ range: "24h" });
    expect(parse("from=2026-11-27T10:00:00Z&to=2026-11-27T11:00:00.5%2B01:00").window).toEqual({
      from: "2026-11-27T10:00:00Z",
      to: "2026-11-27T11:00:00.5+01:00",
    });
  });
  it("drops what the server would refuse, saying why", () => {
    const { window, dropped } = parse("range=3w&from=yesterday&to=2026-11-27");
    expect(window).toEqual({});
    expect(dropped).toEqual([
      "range: Ignored range '3w': use one of 15m, 1h, 24h, 7d.",
      "from: Ignored from 'yesterday': not an ISO-8601 instant such as 2026-11-27T10:15:30Z.",
      "to: Ignored to '2026-11-27': not an ISO-8601 instant such as 2026-11-27T10:15:30Z.",
    ]);
  });
  it("writes a quick range instead of instants, so a shared link stays recent", () => {
    const p = new URLSearchParams();
    writeTimeWindow(p, { range: "1h", from: "2026-11-27T10:00:00Z" });
    expect(p.toString()).toBe("range=1h");
    const q = new URLSearchParams();
    writeTimeWindow(q, { from: "2026-11-27T10:00:00Z", to: "2026-11-27T11:00:00Z" });
    expect(q.get("from")).toBe("2026-11-27T10:00:00Z");
    expect(q.get("to")).toBe("2026-11-27T11:00:00Z");
  });
  it("resolves a quick range against now for the API", () => {
    const now = Date.parse("2026-11-27T12:00:00Z");
    expect(timeWindowQuery({ range: "1h" }, now)).toEqual({ from: "2026-11-27T11:00:00.000Z" });
    expect(timeWindowQuery({ to: "2026-11-27T11:00:00Z" }, now)).toEqual({ to: "2026-11-27T11:00:00Z" });
    expect(timeWindowQuery({}, now)).toEqual({});
  });
  it("converts datetime-local values to instants and back", () => {
    const iso = fromLocalInput("2026-11-27T10:15:30")!;
    expect(toLocalInput(iso)).toBe("2026-11-27T10:15:30");
    expect(fromLocalInput("")).toBeUndefined();
    expect(toLocalInput("garbage")).toBe("");
  });
});
