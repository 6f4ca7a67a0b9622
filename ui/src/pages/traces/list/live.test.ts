import { describe, expect, it } from "vitest";
import { mergeLive } from "./live";

interface Row {
  traceId: string;
  startTime: string;
  complete?: boolean;
  spanCount?: number;
}
const row = (id: string, minute: number, extra: Partial<Row> = {}): Row => ({
  traceId: id,
  startTime: `2026-11-27T10:${String(minute).padStart(2, "0")}:00Z`,
  ...extra,
});
const ids = (rows: Row[]) => rows.map((r) => r.traceId);

describe("live mode merge", () => {
  const screen = { items: [row("c", 30), row("b", 20), row("a", 10)], nextCursor: "after-a" };

  it("prepends new traces newest first and keeps the next-page cursor of the rows below", () => {
    const m = mergeLive(screen, { items: [row("e", 50), row("d", 40), row("c", 30), row("b", 20)], nextCursor: "after-b" });
    expect(ids(m.items)).toEqual(["e", "d", "c", "b", "a"]);
    expect(m.added).toEqual(["e", "d"]);
    expect(m.updated).toEqual([]);
    expect(m.nextCursor).toBe("after-a");
    expect(m.reset).toBe(false);
  });

  it("never shows a trace twice, even when the poll repeats the whole screen", () => {
    const m = mergeLive(screen, { items: [row("c", 30), row("b", 20), row("a", 10), row("c", 30)] });
    expect(ids(m.items)).toEqual(["c", "b", "a"]);
    expect(m.added).toEqual([]);
    expect(m.items).toBe(screen.items); // nothing changed: same array, no re-render work
  });

  it("updates an incomplete trace in place when its root and more spans arrive", () => {
    const before = { items: [row("c", 30), row("b", 20, { complete: false, spanCount: 1 }), row("a", 10)] };
    const m = mergeLive(before, { items: [row("c", 30), row("b", 20, { complete: true, spanCount: 4 }), row("a", 10)] });
    expect(ids(m.items)).toEqual(["c", "b", "a"]);
    expect(m.items[1]).toEqual(row("b", 20, { complete: true, spanCount: 4 }));
    expect(m.updated).toEqual(["b"]);
    expect(m.added).toEqual([]);
  });

  it("re-sorts when a late root moves a trace's start earlier", () => {
    const m = mergeLive(screen, { items: [row("d", 40), row("c", 5), row("b", 20)] });
    expect(ids(m.items)).toEqual(["d", "b", "a", "c"]);
    expect(m.updated).toEqual(["c"]);
  });

  it("replaces the screen when more new traces arrived than one poll holds (a gap it cannot fill)", () => {
    const m = mergeLive(screen, { items: [row("g", 59), row("f", 58)], nextCursor: "after-f" });
    expect(m.reset).toBe(true);
    expect(ids(m.items)).toEqual(["g", "f"]);
    expect(m.nextCursor).toBe("after-f");
    expect(m.added).toEqual(["g", "f"]);
  });

  it("fills an empty screen from the first poll", () => {
    const m = mergeLive({ items: [] as Row[] }, { items: [row("a", 10)], nextCursor: "n" });
    expect(ids(m.items)).toEqual(["a"]);
    expect(m.reset).toBe(false);
  });

  it("resets to the polled page instead of growing past the cap", () => {
    const m = mergeLive(screen, { items: [row("e", 50), row("d", 40), row("c", 30)], nextCursor: "after-c" }, undefined, 4);
    expect(m.reset).toBe(true);
    expect(ids(m.items)).toEqual(["e", "d", "c"]);
    expect(m.nextCursor).toBe("after-c");
    expect(m.added).toEqual(["e", "d"]);
  });
});
