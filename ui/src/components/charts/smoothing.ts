/**
 * Debiased exponential moving average, as TensorBoard and W&B smooth a metric line.
 *
 * `weight` is the smoothing slider (0 = raw, 0.99 = very smooth). A plain EMA starting at 0 is
 * pulled towards 0 for the first points; dividing by `1 - weight^n` (n = finite points seen so
 * far) removes that bias, so the smoothed line starts at the first value. Gaps (null) and
 * non-finite values stay as they are and do not move the average.
 */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(Number.isFinite(weight) ? weight : 0, 0), 0.999);
  if (w === 0) return values.slice();
  let last = 0;
  let seen = 0;
  return values.map((v) => {
    if (v == null || !Number.isFinite(v)) return v;
    last = last * w + (1 - w) * v;
    seen++;
    return last / (1 - Math.pow(w, seen));
  });
}
