/** One line of a chart: x values ascending, y values (null = no point). */
export interface XY {
  xs: readonly number[];
  ys: readonly (number | null)[];
}

/** Several lines on one shared x axis, as uPlot wants them. */
export interface Aligned {
  xs: number[];
  ys: (number | null)[][];
}

/**
 * Puts lines with different x values (runs logging at different steps or times) on the union of
 * their x values; a line gets null where it has no point. A repeated x within a line keeps its
 * first value, like the server keeps the first write of a step.
 */
export function alignSeries(series: readonly XY[]): Aligned {
  const all = new Set<number>();
  for (const s of series) for (const x of s.xs) if (Number.isFinite(x)) all.add(x);
  const xs = [...all].sort((a, b) => a - b);
  const index = new Map<number, number>();
  xs.forEach((x, i) => index.set(x, i));
  const ys = series.map((s) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    const filled: boolean[] = new Array(xs.length).fill(false);
    s.xs.forEach((x, i) => {
      const at = index.get(x);
      if (at === undefined || filled[at]) return;
      filled[at] = true;
      out[at] = s.ys[i] ?? null;
    });
    return out;
  });
  return { xs, ys };
}
