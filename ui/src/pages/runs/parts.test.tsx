import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { groupKeys, isSystemKey, matchesSearch, RunStateBadge } from "./parts";

describe("groupKeys", () => {
  it("groups keys by the prefix before the first slash, ungrouped keys first", () => {
    expect(groupKeys(["val/acc", "loss", "train/loss", "acc", "train/acc"])).toEqual([
      { group: "", keys: ["acc", "loss"] },
      { group: "train", keys: ["train/acc", "train/loss"] },
      { group: "val", keys: ["val/acc"] },
    ]);
  });
});

describe("isSystemKey / matchesSearch", () => {
  it("recognises the SDK's system metrics", () => {
    expect(isSystemKey("system/cpu.process_percent")).toBe(true);
    expect(isSystemKey("systemic")).toBe(false);
  });
  it("matches every word of the search, ignoring case", () => {
    expect(matchesSearch("train/Loss_smooth", "loss TRAIN")).toBe(true);
    expect(matchesSearch("train/loss", "val")).toBe(false);
    expect(matchesSearch("anything", "  ")).toBe(true);
  });
});

describe("RunStateBadge", () => {
  it("colours finished runs ok and crashed runs as errors", () => {
    render(
      <>
        <RunStateBadge state="finished" />
        <RunStateBadge state="crashed" />
      </>,
    );
    expect(screen.getByText("finished").className).toContain("ok");
    expect(screen.getByText("crashed").className).toContain("error");
  });
});
