import { describe, expect, it } from "vitest";
import {
  DEFAULT_VIEW,
  EMPTY_FILTERS,
  hasFilters,
  liveBlocker,
  parseView,
  toApiQuery,
  toCountQuery,
  toSearchParams,
  toggleSort,
  withFilters,
  type TraceView,
} from "./filters";

const parse = (s: string) => parseView(new URLSearchParams(s));

const full: TraceView = {
  filters: {
    from: "2026-11-27T10:00:00Z",
    to: "2026-11-27T11:00:00.500Z",
    name: ["invoke_agent support, v2", "chat gpt-4o"],
    status: "error",
    model: ["gpt-4o", "claude-sonnet-4"],
    provider: ["openai"],
    kind: ["chat", "tool"],
    minDurationMs: 250,
    minCost: 0.01,
    q: "capital of France",
    session: "conv 1/2",
    run: "run-7",
    attr: ["user.id=42", "app.flag=a=b"],
  },
  sort: "cost",
  order: "asc",
  limit: 100,
  cursor: "c3RhcnQ",
  live: false,
};

describe("trace list URL ↔ view", () => {
  it("every filter, the sort, the page size and the cursor survive a round trip through the URL", () => {
    const url = toSearchParams(full).toString();
    const back = parse(url);
    expect(back.problems).toEqual([]);
    expect(back.view).toEqual(full);
  });

  it("the default view has an empty query string, so plain links stay plain", () => {
    expect(toSearchParams(DEFAULT_VIEW).toString()).toBe("");
    expect(parse("").view).toEqual(DEFAULT_VIEW);
  });

  it("a relative range is kept as such (a shared 'last hour' link stays the last hour)", () => {
    const v = parse("range=1h&from=2026-11-27T10:00:00Z").view;
    expect(v.filters.range).toBe("1h");
    expect(toSearchParams(v).toString()).toBe("range=1h");
    const q = toApiQuery(v, Date.parse("2026-11-27T12:00:00Z"));
    expect(q.from).toBe("2026-11-27T11:00:00.000Z");
    expect(q.to).toBeUndefined();
  });

  it("each name parameter is one whole name, commas included, without blanks or repeats", () => {
    const v = parse("name=agent%2C+v2&name=chat&name=chat&name=+").view;
    expect(v.filters.name).toEqual(["agent, v2", "chat"]);
    expect(toSearchParams(v).getAll("name")).toEqual(["agent, v2", "chat"]);
    expect(toApiQuery(v).name).toEqual(["agent, v2", "chat"]);
    expect(hasFilters(v.filters)).toBe(true);
  });

  it("repeated and comma-separated lists both parse, without blanks or repeats", () => {
    const v = parse("model=a,b&model=c&model=a&model=,&kind=chat&kind=tool,chat").view;
    expect(v.filters.model).toEqual(["a", "b", "c"]);
    expect(v.filters.kind).toEqual(["chat", "tool"]);
  });

  it("invalid values in a hand-edited URL are ignored and each is explained, the rest still applies", () => {
    const { view, problems, ignored } = parse(
      "status=broken&kind=chat,weird&minDurationMs=-5&minCost=abc&from=yesterday&to=2026-13-45T00:00:00Z&sort=name&order=up&limit=5000&range=2w&attr=nokey&attr==v&model=gpt-4o",
    );
    expect(view.filters).toEqual({ ...EMPTY_FILTERS, kind: ["chat"], model: ["gpt-4o"] });
    expect(view.sort).toBe("startTime");
    expect(view.order).toBe("desc");
    expect(view.limit).toBe(50);
    expect(problems).toHaveLength(12);
    expect(problems.join("\n")).toContain("Ignored status 'broken'");
    expect(problems.join("\n")).toContain("Ignored attr 'nokey': use key=value");
    expect(ignored.sort()).toEqual(["attr", "from", "kind", "limit", "minCost", "minDurationMs", "order", "range", "sort", "status", "to"]);
    // writing the view back drops what was ignored
    expect(toSearchParams(view).toString()).toBe("model=gpt-4o&kind=chat");
  });

  it("status and order are read case-insensitively", () => {
    const v = parse("status=ERROR&order=ASC").view;
    expect(v.filters.status).toBe("error");
    expect(v.order).toBe("asc");
  });
});

describe("view → API query", () => {
  it("a count query keeps the filters but drops sort, order and cursor, and asks for one row and the total", () => {
    const q = toCountQuery({ ...full, cursor: "abc" });
    expect(q.sort).toBeUndefined();
    expect(q.order).toBeUndefined();
    expect(q.cursor).toBeUndefined();
    expect(q.limit).toBe(1);
    expect(q.total).toBe(true);
    expect(q.q).toBe("capital of France");
    expect(q.attr).toEqual(["user.id=42", "app.flag=a=b"]);
  });

  it("sends lists as repeated values and numbers as numbers, and always a limit", () => {
    const q = toApiQuery(full);
    expect(q).toEqual({
      from: "2026-11-27T10:00:00Z",
      to: "2026-11-27T11:00:00.500Z",
      name: ["invoke_agent support, v2", "chat gpt-4o"],
      status: "error",
      model: ["gpt-4o", "claude-sonnet-4"],
      provider: ["openai"],
      kind: ["chat", "tool"],
      minDurationMs: 250,
      minCost: 0.01,
      q: "capital of France",
      session: "conv 1/2",
      run: "run-7",
      attr: ["user.id=42", "app.flag=a=b"],
      sort: "cost",
      order: "asc",
      limit: 100,
      cursor: "c3RhcnQ",
    });
    expect(toApiQuery(DEFAULT_VIEW)).toEqual({ limit: 50 });
  });
  it("never sends a parameter the API does not know (unknown names are a 400 there)", () => {
    const known = ["from", "to", "name", "status", "model", "provider", "kind", "minDurationMs", "minCost", "q", "session", "run", "attr", "sort", "order", "limit", "cursor"];
    const q = toApiQuery({ ...full, live: true, filters: { ...full.filters, range: "15m" } });
    for (const name of Object.keys(q)) expect(known).toContain(name);
  });
});

describe("view changes", () => {
  it("changing a filter goes back to the first page", () => {
    const v = withFilters(full, { status: "ok" });
    expect(v.cursor).toBeUndefined();
    expect(v.filters.status).toBe("ok");
    expect(v.filters.model).toEqual(full.filters.model);
  });
  it("sorting: another column sorts descending, the same column flips, the page resets", () => {
    const byCost = toggleSort(DEFAULT_VIEW, "cost");
    expect([byCost.sort, byCost.order]).toEqual(["cost", "desc"]);
    const flipped = toggleSort({ ...byCost, cursor: "x" }, "cost");
    expect([flipped.sort, flipped.order, flipped.cursor]).toEqual(["cost", "asc", undefined]);
    expect(toggleSort(flipped, "startTime").order).toBe("desc");
  });
  it("hasFilters ignores sort, page size and live mode", () => {
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasFilters({ ...EMPTY_FILTERS, range: "15m" })).toBe(true);
    expect(hasFilters({ ...EMPTY_FILTERS, attr: ["a=b"] })).toBe(true);
    expect(hasFilters(parse("sort=cost&limit=25&live=1").view.filters)).toBe(false);
  });
  it("live mode is possible only newest first, on the first page, without a fixed end", () => {
    expect(liveBlocker(DEFAULT_VIEW)).toBeUndefined();
    expect(liveBlocker({ ...DEFAULT_VIEW, filters: { ...EMPTY_FILTERS, range: "1h" } })).toBeUndefined();
    expect(liveBlocker({ ...DEFAULT_VIEW, sort: "cost" })).toMatch(/sort by start/);
    expect(liveBlocker({ ...DEFAULT_VIEW, order: "asc" })).toMatch(/sort by start/);
    expect(liveBlocker({ ...DEFAULT_VIEW, cursor: "c" })).toMatch(/first page/);
    expect(liveBlocker({ ...DEFAULT_VIEW, filters: { ...EMPTY_FILTERS, to: "2026-11-27T10:00:00Z" } })).toMatch(/end time/);
  });
});
