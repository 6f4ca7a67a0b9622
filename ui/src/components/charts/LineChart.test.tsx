import { describe, expect, it, vi, beforeEach } from "vitest";
import { render } from "@testing-library/react";
import type uPlot from "uplot";

// uPlot draws on a canvas jsdom lacks: a stand-in records what the wrapper configures and lets the
// test fire uPlot's hooks, so the wrapper's own behaviour (series, legend, zoom, reset) is checked.
const { plots, FakePlot } = vi.hoisted(() => {
  const plots: InstanceType<typeof FakePlot>[] = [];
  class FakePlot {
    opts: uPlot.Options;
    data: uPlot.AlignedData;
    root = document.createElement("div");
    over = document.createElement("div");
    select = { left: 0, top: 0, width: 0, height: 0 };
    scales: { min: number; max: number }[] = [];
    destroyed = false;
    constructor(opts: uPlot.Options, data: uPlot.AlignedData, target: HTMLElement) {
      this.opts = opts;
      this.data = data;
      const legend = document.createElement("table");
      legend.className = "u-legend";
      for (let i = 0; i < opts.series.length; i++) {
        const row = document.createElement("tr");
        row.className = "u-series";
        legend.appendChild(row);
      }
      this.root.appendChild(legend);
      target.appendChild(this.root);
      plots.push(this);
    }
    setData(data: uPlot.AlignedData) {
      this.data = data;
    }
    setScale(_key: string, range: { min: number; max: number }) {
      this.scales.push(range);
    }
    setSelect(sel: { left: number; width: number }) {
      this.select = { ...this.select, ...sel };
    }
    posToVal(pos: number) {
      return pos * 10; // 1 px = 10 steps
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return { plots, FakePlot };
});
vi.mock("uplot", () => ({ default: FakePlot }));

import { LineChart } from "./LineChart";

beforeEach(() => {
  plots.length = 0;
});

const lines = [
  { label: "a", color: "#111111", values: [1, 2, 3] },
  { label: "b", color: "#222222", values: [3, null, -1] },
];

describe("LineChart", () => {
  it("draws one series per line on the shared x values", () => {
    render(<LineChart xs={[0, 1, 2]} lines={lines} xKind="number" />);
    const plot = plots.at(-1)!;
    expect(plot.opts.series.map((s) => s.label)).toEqual(["step", "a", "b"]);
    expect(plot.data).toEqual([[0, 1, 2], [1, 2, 3], [3, null, -1]]);
  });

  it("adds faint raw lines under smoothed ones and keeps them out of the legend", () => {
    render(<LineChart xs={[0, 1, 2]} lines={lines} xKind="number" smoothing={0.5} />);
    const plot = plots.at(-1)!;
    expect(plot.opts.series.map((s) => s.label)).toEqual(["step", "a (raw)", "b (raw)", "a", "b"]);
    const rows = [...plot.root.querySelectorAll<HTMLElement>(".u-series")].map((r) => r.style.display);
    expect(rows).toEqual(["", "none", "none", "", ""]);
  });

  it("reports a drag selection as an x range and a double-click as a reset", () => {
    const onZoom = vi.fn();
    render(<LineChart xs={[0, 1, 2]} lines={lines} xKind="number" onZoom={onZoom} />);
    const plot = plots.at(-1)!;
    const setSelect = plot.opts.hooks!.setSelect![0]!;
    plot.select = { left: 5, top: 0, width: 2, height: 0 };
    setSelect(plot as unknown as uPlot);
    expect(onZoom).not.toHaveBeenCalled(); // a click-sized selection is not a zoom
    plot.select = { left: 5, top: 0, width: 20, height: 0 };
    setSelect(plot as unknown as uPlot);
    expect(onZoom).toHaveBeenLastCalledWith([50, 250]);
    expect(plot.select.width).toBe(0); // the selection box is cleared
    plot.over.dispatchEvent(new MouseEvent("dblclick"));
    expect(onZoom).toHaveBeenLastCalledWith(null);
  });

  it("shows a given zoom range and uses a log y scale with gaps for values it cannot draw", () => {
    render(<LineChart xs={[0, 1, 2]} lines={lines} xKind="number" zoom={[1, 2]} logY />);
    const plot = plots.at(-1)!;
    expect(plot.scales.at(-1)).toEqual({ min: 1, max: 2 });
    expect((plot.opts.scales!.y as { distr?: number }).distr).toBe(3);
    expect(plot.data[2]).toEqual([3, null, null]);
  });

  it("labels the x axis as time on the wall-time axis", () => {
    render(<LineChart xs={[1_700_000_000]} lines={[lines[0]]} xKind="time" />);
    const plot = plots.at(-1)!;
    expect(plot.opts.scales!.x!.time).toBe(true);
    expect(plot.opts.series[0].label).toBe("time");
  });
});
