import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { TraceTable, VIRTUAL_THRESHOLD } from "./TraceTable";
import type { TraceSummary } from "./api";

const rows = (n: number): TraceSummary[] =>
  Array.from({ length: n }, (_, i) => ({
    traceId: i.toString(16).padStart(32, "0"),
    name: `t${i}`,
    complete: true,
    startTime: new Date(Date.UTC(2026, 10, 27) - i * 1000).toISOString(),
    endTime: new Date(Date.UTC(2026, 10, 27) - i * 1000 + 10).toISOString(),
    durationMs: 10,
    spanCount: 1,
    errorCount: 0,
    status: "ok",
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
    models: [],
    providers: [],
    kinds: [],
    sessionId: "",
    runId: "",
    inputPreview: i === 0 ? "What is the capital of France?" : null,
    outputPreview: i === 0 ? "Paris." : null,
  }));

const table = (n: number, added?: Set<string>) =>
  render(
    <MemoryRouter>
      <TraceTable project="demo" rows={rows(n)} sort="startTime" order="desc" onSort={() => {}} added={added} />
    </MemoryRouter>,
  );

describe("trace table", () => {
  it("shows the start of each trace's input and output, in full on hover", () => {
    table(2);
    const [first, second] = screen.getAllByTestId("trace-row");
    expect(first.textContent).toContain("What is the capital of France?");
    expect(first.textContent).toContain("Paris.");
    expect(first.querySelector('td.preview[title="Paris."]')).not.toBeNull();
    expect(second.querySelectorAll("td.preview")[0].textContent).toBe("–");
  });

  it("renders every row of a normal page", () => {
    table(100);
    expect(screen.getAllByTestId("trace-row")).toHaveLength(100);
  });
  it("renders only the visible rows once there are many (live mode can collect hundreds)", () => {
    table(VIRTUAL_THRESHOLD * 3);
    expect(screen.queryAllByTestId("trace-row").length).toBeLessThan(100);
  });
  it("marks newly arrived rows for a brief highlight", () => {
    const r = rows(3);
    table(3, new Set([r[0].traceId]));
    const shown = screen.getAllByTestId("trace-row");
    expect(shown[0].className).toContain("row-new");
    expect(shown[1].className).not.toContain("row-new");
  });
  it("the sorted column says so to assistive technology", () => {
    table(1);
    expect(screen.getByTestId("sort-startTime").closest("th")!.getAttribute("aria-sort")).toBe("descending");
    expect(screen.getByTestId("sort-cost").closest("th")!.getAttribute("aria-sort")).toBe("none");
  });
});
