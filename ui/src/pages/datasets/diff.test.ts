import { describe, expect, it } from "vitest";
import { compactJson, diffEntries, fieldChanges, rowColumns } from "./diff";

describe("dataset diff presentation", () => {
  const diff = {
    matchedBy: "id",
    added: [{ position: 19, row: { data: { id: "q21", q: "Mali?" } } }, { position: 4, row: { data: { id: "q9" } } }],
    removed: [{ position: 6, row: { data: { id: "q7", q: "Kenya?" } } }, { position: 4, row: { data: { id: "q5" } } }],
    changed: [{ id: "q2", from: { position: 1, row: { data: { id: "q2", a: "Tokyo" } } }, to: { position: 1, row: { data: { id: "q2", a: "Tokyo (東京)" } } } }],
  };
  it("lists changes in position order, a removal before an addition at the same place", () => {
    expect(diffEntries(diff).map((e) => `${e.kind}:${e.id}`)).toEqual(["changed:q2", "removed:q5", "added:q9", "removed:q7", "added:q21"]);
  });
  it("keeps both positions of a changed row", () => {
    const changed = diffEntries(diff)[0];
    expect(changed).toMatchObject({ fromPosition: 1, toPosition: 1, from: { a: "Tokyo" }, to: { a: "Tokyo (東京)" } });
  });
  it("an empty diff is an empty list", () => {
    expect(diffEntries({})).toEqual([]);
  });
});

describe("field changes of a row", () => {
  it("marks nested fields same, changed, added and removed; key order does not matter", () => {
    const from = { id: "q1", input: { question: "A?", lang: "en" }, tags: ["x"], meta: { a: 1, b: 2 }, old: true };
    const to = { meta: { b: 2, a: 1 }, id: "q1", input: { question: "B?", lang: "en" }, tags: ["x", "y"], extra: null };
    expect(fieldChanges(from, to).map((f) => `${f.path}:${f.kind}`)).toEqual([
      "id:same", "input.question:changed", "input.lang:same", "tags:changed", "meta.a:same", "meta.b:same", "old:removed", "extra:added",
    ]);
  });
  it("compares non-object rows as one value", () => {
    expect(fieldChanges(1, 2)).toEqual([{ path: "", kind: "changed", from: 1, to: 2 }]);
  });
});

describe("compact JSON", () => {
  it("is one line, strings bare, cut with an ellipsis", () => {
    expect(compactJson({ a: [1, 2], b: "x" })).toBe('{"a":[1,2],"b":"x"}');
    expect(compactJson("two\nlines")).toBe("two lines");
    expect(compactJson("abcdefghij", 5)).toBe("abcd…");
    expect(compactJson(undefined)).toBe("");
    expect(compactJson(null)).toBe("null");
  });
  it("chooses id, input-like and expected-like columns first", () => {
    expect(rowColumns([{ meta: 1, expected: "P", input: "Q", id: "1" }, { extra: 2 }], 3)).toEqual({ columns: ["id", "input", "expected"], hidden: 2 });
  });
});
