import { flatten, sameValue } from "./flatten";

/** One flattened config key across the compared runs. */
export interface DiffRow {
  key: string;
  /** Each run's value in run order; `undefined` where the run lacks the key. */
  values: unknown[];
  /** Not the same in every run (a key missing from some runs differs). */
  differs: boolean;
}

/** Rows of the config diff table: the union of flattened keys, sorted, with per-run values. */
export function configDiff(configs: readonly unknown[]): DiffRow[] {
  const flat = configs.map((c) => flatten(c));
  const keys = new Set<string>();
  for (const f of flat) for (const k of Object.keys(f)) keys.add(k);
  return [...keys]
    .sort()
    .map((key) => {
      const values = flat.map((f) => (key in f ? f[key] : undefined));
      const differs = values.some((v) => !sameValue(v, values[0]));
      return { key, values, differs };
    });
}
