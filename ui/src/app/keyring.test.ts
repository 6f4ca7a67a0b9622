import { describe, expect, it } from "vitest";
import { loadKeyring, saveKeyring, withKey, withoutProject } from "./keyring";

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(initial));
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

describe("keyring", () => {
  it("remembers one key per project and the project opened last, across loads", () => {
    const storage = memoryStorage();
    saveKeyring(withKey(withKey({ keys: {} }, "shop", "weft_a"), "billing", "weft_b"), storage);
    expect(loadKeyring(storage)).toEqual({ keys: { shop: "weft_a", billing: "weft_b" }, last: "billing" });
  });

  it("signing out of the last project falls back to another known one", () => {
    const ring = withoutProject({ keys: { shop: "weft_a", billing: "weft_b" }, last: "billing" }, "billing");
    expect(ring).toEqual({ keys: { shop: "weft_a" }, last: "shop" });
  });

  it("a corrupt or foreign entry reads as no keys instead of breaking the app", () => {
    expect(loadKeyring(memoryStorage({ "weft.keyring": "{not json" }))).toEqual({ keys: {} });
    expect(loadKeyring(memoryStorage({ "weft.keyring": '"a string"' }))).toEqual({ keys: {} });
    expect(loadKeyring(memoryStorage())).toEqual({ keys: {} });
  });
});
