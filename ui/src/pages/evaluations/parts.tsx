import { Link } from "react-router";
import { compactJson, prettyJson } from "../datasets/diff";
import { ciBar, formatCI, formatPercent, formatScore, type Bin } from "./stats";
import type { ScoreSummary } from "./model";

/** A JSON value on one line, cut short; the full value is in the tooltip and the row detail. */
export function JsonCell({ value, max = 80 }: { value: unknown; max?: number }) {
  if (value === undefined) return <span className="muted">–</span>;
  const full = prettyJson(value);
  return (
    <span className="json-cell mono" title={full.length > 2000 ? `${full.slice(0, 2000)}…` : full}>
      {compactJson(value, max)}
    </span>
  );
}

/** A JSON value in full, indented. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <div className="json-block">
      <div className="muted">{label}</div>
      <pre className="json">{value === undefined ? "–" : prettyJson(value)}</pre>
    </div>
  );
}

/** A small bar over the score's range with the interval shaded and the mean marked. */
export function CiBar({ mean, lo, hi, domain = [0, 1] }: { mean: number; lo?: number | null; hi?: number | null; domain?: [number, number] }) {
  const bar = ciBar(mean, lo, hi, domain[0], domain[1]);
  return (
    <span className="ci-bar" aria-hidden="true">
      <span className="ci-range" style={{ left: `${bar.lo}%`, width: `${Math.max(0.5, bar.hi - bar.lo)}%` }} />
      <span className="ci-mean" style={{ left: `${bar.mean}%` }} />
    </span>
  );
}

/** Mean ± interval as text with its bar, for tables. */
export function ScoreWithCi({ s }: { s: ScoreSummary }) {
  return (
    <span className="score-ci" title={`${s.name}: mean ${s.mean}, 95% CI [${s.ciLow ?? "–"}, ${s.ciHigh ?? "–"}], n = ${s.count}`}>
      <span className="num">{formatCI(s.mean, s.ciLow, s.ciHigh)}</span>
      <CiBar mean={s.mean} lo={s.ciLow} hi={s.ciHigh} />
      {s.passRate != null && <span className="muted"> {formatPercent(s.passRate)} pass</span>}
    </span>
  );
}

/** A link to a row's trace, or a dash. */
export function TraceLink({ project, traceId, label = "trace" }: { project: string; traceId: string | null; label?: string }) {
  if (!traceId) return <span className="muted">–</span>;
  return (
    <Link to={`/p/${encodeURIComponent(project)}/traces/${traceId}`} onClick={(e) => e.stopPropagation()} title={`trace ${traceId}`}>
      {label}
    </Link>
  );
}

/** The state of an evaluation as a badge. */
export function StateBadge({ state }: { state: string | undefined }) {
  const s = state ?? "unknown";
  return <span className={`badge ${s === "finished" ? "ok" : s === "failed" ? "error" : ""}`}>{s}</span>;
}

/** A small bar chart of a score's values; a click on a bar filters the rows to it. */
export function Histogram({ bins, score, onPick }: { bins: Bin[]; score: string; onPick: (bin: Bin, last: boolean) => void }) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const label = (b: Bin, last: boolean) => (b.lo === b.hi ? `${score} = ${b.lo}` : `${formatScore(b.lo)} ≤ ${score} ${last ? "≤" : "<"} ${formatScore(b.hi)}`);
  return (
    <div className="histogram" role="group" aria-label={`Distribution of ${score}`}>
      {bins.map((b, i) => {
        const last = i === bins.length - 1;
        return (
          <button
            type="button"
            key={i}
            className="bar"
            title={`${label(b, last)}: ${b.count} rows (click to show them)`}
            aria-label={`${label(b, last)}: ${b.count} rows`}
            onClick={() => onPick(b, last)}
            disabled={b.count === 0}
          >
            <span style={{ height: `${(b.count / max) * 100}%` }} />
          </button>
        );
      })}
    </div>
  );
}
