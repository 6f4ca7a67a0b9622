import { afterEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createWeftClient } from "../../api/client";
import type { LineChartProps } from "../../components/charts/LineChart";
import { MetricChart } from "./MetricChart";

vi.mock("../../app/session", () => ({
  useProjectApi: () => ({ project: "demo", api: createWeftClient("weft_test", "http://weft.test") }),
}));

// uPlot needs a canvas jsdom lacks: the chart is replaced by a probe that records what it was given,
// so these tests check what MetricChart asks the API for and what it hands the chart.
const seen: { props?: LineChartProps } = {};
vi.mock("../../components/charts/LineChart", () => ({
  LineChart: (props: LineChartProps) => {
    seen.props = props;
    return <div data-testid="chart-probe">{props.xs.length}</div>;
  },
}));

let calls: URL[] = [];
afterEach(() => vi.unstubAllGlobals());

function mockHistories() {
  calls = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request | string) => {
      const url = new URL(typeof input === "string" ? input : input.url);
      calls.push(url);
      const run = url.pathname.split("/")[6];
      const points =
        run === "a"
          ? [{ step: 0, value: 1, time: "2026-11-27T10:00:00Z" }, { step: 10, value: 2, time: "2026-11-27T10:00:10Z" }]
          : [{ step: 5, value: 7, time: "2026-11-27T11:00:05Z" }, { step: 10, value: 8, time: "2026-11-27T11:00:10Z" }];
      return Response.json({ key: "train/loss", x: "step", count: 2, downsampled: false, points });
    }),
  );
}

const runs = [
  { id: "a", label: "run a", color: "#111111", startMs: Date.parse("2026-11-27T10:00:00Z") },
  { id: "b", label: "run b", color: "#222222", startMs: Date.parse("2026-11-27T11:00:00Z") },
];

function show(xMode: "step" | "relative") {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MetricChart metricKey="train/loss" runs={runs} xMode={xMode} smoothing={0} />
    </QueryClientProvider>,
  );
}

describe("MetricChart", () => {
  it("asks each run's history with about as many points as the chart is wide and overlays them on shared steps", async () => {
    mockHistories();
    show("step");
    expect(calls).toHaveLength(0); // nothing is fetched before the chart knows its width
    act(() => seen.props!.onWidth!(640));
    await waitFor(() => expect(seen.props!.xs).toEqual([0, 5, 10]));
    expect(calls.map((u) => [decodeURIComponent(u.pathname), u.searchParams.get("maxPoints"), u.searchParams.get("x")])).toEqual([
      ["/api/v1/projects/demo/runs/a/metrics/train/loss", "700", "step"],
      ["/api/v1/projects/demo/runs/b/metrics/train/loss", "700", "step"],
    ]);
    expect(seen.props!.lines.map((l) => [l.label, l.values])).toEqual([
      ["run a", [1, null, 2]],
      ["run b", [null, 7, 8]],
    ]);
    expect(screen.getByTestId("metric-chart").textContent).toContain("4 points");
  });

  it("fetches the zoomed range again and offers a reset", async () => {
    mockHistories();
    show("step");
    act(() => seen.props!.onWidth!(640));
    await waitFor(() => expect(calls).toHaveLength(2));
    act(() => seen.props!.onZoom!([2.4, 8.2]));
    await waitFor(() => expect(calls).toHaveLength(4));
    expect(calls.slice(2).map((u) => [u.searchParams.get("from"), u.searchParams.get("to")])).toEqual([
      ["2", "9"],
      ["2", "9"],
    ]);
    expect(seen.props!.zoom).toEqual([2.4, 8.2]);
    act(() => screen.getByText("Reset zoom").click());
    expect(seen.props!.zoom).toBeNull();
  });

  it("puts each run on seconds since its own start on the relative axis", async () => {
    mockHistories();
    show("relative");
    act(() => seen.props!.onWidth!(300));
    await waitFor(() => expect(seen.props!.xs).toEqual([0, 5, 10]));
    expect(calls[0].searchParams.get("x")).toBe("time");
    expect(seen.props!.xKind).toBe("duration");
    expect(seen.props!.lines.map((l) => l.values)).toEqual([
      [1, null, 2],
      [null, 7, 8],
    ]);
  });
});
