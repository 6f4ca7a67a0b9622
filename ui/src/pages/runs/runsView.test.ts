import { describe, expect, it } from "vitest";
import { defaultColumns, discoverKeys, formatAgo, parseRunsView, runDurationMs, toListQuery, writeRunsView } from "./runsView";

describe("parseRunsView / writeRunsView", () => {
  it("reads defaults from an empty URL", () => {
    expect(parseRunsView(new URLSearchParams())).toEqual({
      states: [],
      tags: [],
      group: "",
      filters: [],
      sort: "createdAt",
      order: "desc",
      cols: [],
    });
  });

  it("round-trips states, tags, filters with operators, sort and columns", () => {
    const url = new URLSearchParams(
      "state=finished,crashed&tag=gpu&group=sweep&config.optimizer.name=adam&summary.acc=gte:0.9&summary.acc=lt:0.99&sort=summary.acc&order=asc&cols=summary.acc,config.lr",
    );
    const view = parseRunsView(url);
    expect(view.states).toEqual(["finished", "crashed"]);
    expect(view.filters).toEqual([
      { field: "config", key: "optimizer.name", op: "", value: "adam" },
      { field: "summary", key: "acc", op: "gte", value: "0.9" },
      { field: "summary", key: "acc", op: "lt", value: "0.99" },
    ]);
    expect(view.sort).toBe("summary.acc");
    expect(view.order).toBe("asc");
    expect(view.cols).toEqual(["summary.acc", "config.lr"]);
    expect(parseRunsView(writeRunsView(view))).toEqual(view);
  });

  it("drops unknown states and sorts, and keeps a value that merely contains a colon", () => {
    const view = parseRunsView(new URLSearchParams("state=bogus,running&sort=loss&config.url=http://x"));
    expect(view.states).toEqual(["running"]);
    expect(view.sort).toBe("createdAt");
    expect(parseRunsView(new URLSearchParams("sort=config.lr")).sort).toBe("config.lr");
    expect(parseRunsView(new URLSearchParams("sort=config.")).sort).toBe("createdAt");
    expect(view.filters).toEqual([{ field: "config", key: "url", op: "", value: "http://x" }]);
  });

  it("leaves defaults out of the URL and keeps the selection", () => {
    const view = parseRunsView(new URLSearchParams());
    expect(writeRunsView(view, new URLSearchParams("sel=a,b")).toString()).toBe("sel=a%2Cb");
  });
});

describe("toListQuery", () => {
  it("maps a view to the API's list parameters, repeating a key filtered twice", () => {
    const view = parseRunsView(new URLSearchParams("state=running&tag=a,b&summary.acc=gte:0.5&summary.acc=lte:0.8&cols=config.lr"));
    expect(toListQuery(view, 50, "c1")).toEqual({
      limit: "50",
      state: "running",
      tag: "a,b",
      "summary.acc": ["gte:0.5", "lte:0.8"],
      sort: "createdAt",
      order: "desc",
      cursor: "c1",
    });
  });
});

describe("discoverKeys / defaultColumns", () => {
  const runs = [
    { config: { lr: 0.1, optimizer: { name: "adam" } }, summary: { acc: 0.9, note: "ok" } },
    { config: { lr: 0.01 }, summary: { acc: 0.8, note: 3 } },
    { config: null, summary: undefined },
  ];
  it("lists flattened config then summary keys with run counts and whether they are numeric", () => {
    expect(discoverKeys(runs)).toEqual([
      { column: "config.lr", key: "lr", field: "config", runs: 2, numeric: true },
      { column: "config.optimizer.name", key: "optimizer.name", field: "config", runs: 1, numeric: false },
      { column: "summary.acc", key: "acc", field: "summary", runs: 2, numeric: true },
      { column: "summary.note", key: "note", field: "summary", runs: 2, numeric: false },
    ]);
  });
  it("picks summary keys first for default columns", () => {
    expect(defaultColumns(discoverKeys(runs), 3)).toEqual(["summary.acc", "summary.note", "config.lr"]);
  });
});

describe("runDurationMs", () => {
  it("measures a crashed run to its last heartbeat", () => {
    expect(runDurationMs({ startedAt: "2026-11-27T10:00:00Z", lastHeartbeatAt: "2026-11-27T10:00:30Z", state: "crashed" }, 0)).toBe(30_000);
  });

  it("measures start to finish, start to now while running, nothing for a crashed run without finish", () => {
    const startedAt = "2026-11-27T10:00:00Z";
    expect(runDurationMs({ startedAt, finishedAt: "2026-11-27T10:01:00Z", state: "finished" }, 0)).toBe(60_000);
    expect(runDurationMs({ createdAt: startedAt, state: "running" }, Date.parse(startedAt) + 5000)).toBe(5000);
    expect(runDurationMs({ startedAt, state: "crashed" }, 0)).toBeNull();
    expect(runDurationMs({ state: "running" }, 0)).toBeNull();
  });
});

describe("formatAgo", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");
  it("says how long ago in the largest sensible unit", () => {
    expect(formatAgo("2026-11-27T11:59:50Z", now)).toBe("just now");
    expect(formatAgo("2026-11-27T11:55:00Z", now)).toBe("5m ago");
    expect(formatAgo("2026-11-27T09:00:00Z", now)).toBe("3h ago");
    expect(formatAgo("2026-11-25T12:00:00Z", now)).toBe("2d ago");
    expect(formatAgo("2026-01-02T12:00:00Z", now)).toBe("2026-01-02");
    expect(formatAgo(null, now)).toBe("–");
  });
});
