import { RANGES, fromLocalInput, toLocalInput, type RangeKey, type TimeWindow } from "./timeRange";

interface Props {
  value: TimeWindow;
  onChange(patch: TimeWindow): void;
  /** prefix of the fields' test ids: `{prefix}-range`, `{prefix}-from`, `{prefix}-to` */
  testIdPrefix: string;
}

/** The time range fields of a list: a quick range or custom from/to in the viewer's local time. */
export function TimeRangeFields({ value, onChange, testIdPrefix }: Props) {
  const rangeValue = value.range ?? (value.from || value.to ? "custom" : "");
  return (
    <>
      <label>
        Time
        <select
          data-testid={`${testIdPrefix}-range`}
          value={rangeValue}
          onChange={(e) => {
            const v = e.target.value;
            if (v === "") onChange({ range: undefined, from: undefined, to: undefined });
            else if (v === "custom") onChange({ range: undefined, from: new Date(Date.now() - RANGES["1h"].ms).toISOString(), to: undefined });
            else onChange({ range: v as RangeKey, from: undefined, to: undefined });
          }}
        >
          <option value="">Any time</option>
          {Object.entries(RANGES).map(([key, r]) => (
            <option key={key} value={key}>
              {r.label}
            </option>
          ))}
          <option value="custom">Custom…</option>
        </select>
      </label>
      <label>
        From
        <input
          type="datetime-local"
          step="1"
          data-testid={`${testIdPrefix}-from`}
          value={toLocalInput(value.range ? undefined : value.from)}
          onChange={(e) => onChange({ range: undefined, from: fromLocalInput(e.target.value) })}
        />
      </label>
      <label>
        To
        <input
          type="datetime-local"
          step="1"
          data-testid={`${testIdPrefix}-to`}
          value={toLocalInput(value.range ? undefined : value.to)}
          onChange={(e) => onChange({ range: undefined, to: fromLocalInput(e.target.value) })}
        />
      </label>
    </>
  );
}
