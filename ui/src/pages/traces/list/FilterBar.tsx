import { useEffect, useId, useRef, useState, type ChangeEvent } from "react";
import { TimeRangeFields } from "../../../components/TimeRangeFields";
import type { Suggestions } from "./api";
import { KINDS, hasFilters, isAttr, splitList, type Kind, type TraceFilters } from "./filters";

interface Props {
  filters: TraceFilters;
  onChange(patch: Partial<TraceFilters>): void;
  onClear(): void;
  /** values offered as suggestions for the name, model and provider filters */
  suggestions?: Suggestions;
  /** called when the user first turns to the filters: the time to load more suggestions */
  onSuggest?(): void;
}

/** Typing settles for this long before a text filter is applied (Enter and leaving the field apply at once). */
export const TEXT_DEBOUNCE_MS = 500;

/**
 * A text field edited as a draft and applied on Enter, on leaving the field, or once typing
 * settles — so the URL (and the history) gets one entry per search, not one per key.
 * `validate` returns a message for a value that cannot be applied; it is shown instead.
 */
function DraftInput({
  value,
  onCommit,
  validate,
  testId,
  label,
  className,
  debounce = TEXT_DEBOUNCE_MS,
  ...rest
}: {
  value: string;
  onCommit(value: string): void;
  validate?(value: string): string | undefined;
  testId: string;
  label: string;
  className?: string;
  debounce?: number;
  placeholder?: string;
  type?: string;
  inputMode?: "decimal" | "numeric" | "search" | "text";
  list?: string;
  min?: number;
  step?: string;
}) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string>();
  const committed = useRef(value);
  useEffect(() => {
    // the URL changed (Back, Clear filters, a link): show its value
    committed.current = value;
    setDraft(value);
    setError(undefined);
  }, [value]);

  const commit = (v: string) => {
    const message = validate?.(v);
    setError(message);
    if (message || v === committed.current) return;
    committed.current = v;
    onCommit(v);
  };
  useEffect(() => {
    if (draft === committed.current || debounce <= 0) return;
    const timer = setTimeout(() => commit(draft), debounce);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft]);

  const id = useId();
  return (
    <label className={className} htmlFor={id}>
      {label}
      <input
        id={id}
        data-testid={testId}
        value={draft}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e: ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit(draft);
          if (e.key === "Escape") setDraft(committed.current);
        }}
        onBlur={() => commit(draft)}
        {...rest}
      />
      {error && (
        <span className="field-error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </label>
  );
}

const numberCheck = (v: string) => (v.trim() === "" || (Number.isFinite(Number(v)) && Number(v) >= 0) ? undefined : "a number ≥ 0");
const toNumber = (v: string) => (v.trim() === "" ? undefined : Number(v));

/** Every filter of the trace list API, each bound to its URL parameter. */
export function FilterBar({ filters, onChange, onClear, suggestions, onSuggest }: Props) {
  useEffect(() => {
    // "/" jumps to the search, as in most log and trace viewers
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
      const search = document.querySelector<HTMLInputElement>('[data-testid="filter-q"]');
      if (search) {
        e.preventDefault();
        search.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <div className="trace-filters" role="search" aria-label="Filter traces" onFocus={onSuggest}>
      <div className="toolbar">
        <DraftInput
          className="filter-q"
          label="Search inputs and outputs"
          testId="filter-q"
          type="search"
          placeholder="text in any span's input or output  ( / )"
          value={filters.q ?? ""}
          onCommit={(v) => onChange({ q: v.trim() ? v : undefined })}
        />
        <TimeRangeFields value={filters} onChange={onChange} testIdPrefix="filter" />
        <label>
          Status
          <select
            data-testid="filter-status"
            value={filters.status ?? ""}
            onChange={(e) => onChange({ status: (e.target.value || undefined) as TraceFilters["status"] })}
          >
            <option value="">Any</option>
            <option value="ok">OK</option>
            <option value="error">Error</option>
          </select>
        </label>
        <KindPicker value={filters.kind} onChange={(kind) => onChange({ kind })} />
      </div>
      <div className="toolbar">
        <ChipsFilter
          label="Name"
          testId="filter-name"
          placeholder="trace name ↵"
          title="The trace's name (its root span's), whole: traces with any of these names"
          list="trace-names"
          value={filters.name}
          onChange={(name) => onChange({ name })}
        />
        <DraftInput
          label="Model"
          testId="filter-model"
          placeholder="gpt-4o, claude…"
          list="trace-models"
          value={filters.model.join(", ")}
          onCommit={(v) => onChange({ model: splitList(v) })}
        />
        <DraftInput
          label="Provider"
          testId="filter-provider"
          placeholder="openai, anthropic…"
          list="trace-providers"
          value={filters.provider.join(", ")}
          onCommit={(v) => onChange({ provider: splitList(v) })}
        />
        <DraftInput
          className="filter-num"
          label="Min duration (ms)"
          testId="filter-minDurationMs"
          inputMode="decimal"
          placeholder="0"
          value={filters.minDurationMs === undefined ? "" : String(filters.minDurationMs)}
          validate={numberCheck}
          onCommit={(v) => onChange({ minDurationMs: toNumber(v) })}
        />
        <DraftInput
          className="filter-num"
          label="Min cost ($)"
          testId="filter-minCost"
          inputMode="decimal"
          placeholder="0.00"
          value={filters.minCost === undefined ? "" : String(filters.minCost)}
          validate={numberCheck}
          onCommit={(v) => onChange({ minCost: toNumber(v) })}
        />
        <DraftInput
          label="Session"
          testId="filter-session"
          placeholder="session id"
          value={filters.session ?? ""}
          onCommit={(v) => onChange({ session: v.trim() || undefined })}
        />
        <DraftInput
          label="Run"
          testId="filter-run"
          placeholder="run id"
          value={filters.run ?? ""}
          onCommit={(v) => onChange({ run: v.trim() || undefined })}
        />
        <ChipsFilter
          className="attr-filter"
          label="Attribute"
          testId="filter-attr"
          chipTestId="attr-chip"
          placeholder="key=value ↵"
          title="A span's attribute or its resource's (service.name, deployment.environment.name, ...): key=value"
          validate={(v) => (isAttr(v) ? undefined : "use key=value, e.g. user.id=42")}
          code
          value={filters.attr}
          onChange={(attr) => onChange({ attr })}
        />
        {hasFilters(filters) && (
          <button type="button" data-testid="clear-filters" onClick={onClear}>
            Clear filters
          </button>
        )}
      </div>
      <datalist id="trace-names">
        {suggestions?.names.map((m) => <option key={m} value={m} />)}
      </datalist>
      <datalist id="trace-models">
        {suggestions?.models.map((m) => <option key={m} value={m} />)}
      </datalist>
      <datalist id="trace-providers">
        {suggestions?.providers.map((m) => <option key={m} value={m} />)}
      </datalist>
    </div>
  );
}

/** The span kinds, any of which a trace must contain. */
function KindPicker({ value, onChange }: { value: Kind[]; onChange(kind: Kind[]): void }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    // a click or focus outside closes the list, like a select's
    const close = (e: Event) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("focusin", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("focusin", close);
    };
  }, []);
  const toggle = (kind: Kind, on: boolean) => onChange(on ? KINDS.filter((k) => k === kind || value.includes(k)) : value.filter((k) => k !== kind));
  return (
    <div className="kind-picker-field">
      <span className="field-label">Kind</span>
      <details className="kind-picker" data-testid="filter-kind" ref={ref}>
        <summary>{value.length ? value.join(", ") : "Any"}</summary>
        <div className="kind-options" role="group" aria-label="Span kinds">
          {KINDS.map((kind) => (
            <label key={kind} className="kind-option">
              <input
                type="checkbox"
                data-testid={`filter-kind-${kind}`}
                checked={value.includes(kind)}
                onChange={(e) => toggle(kind, e.target.checked)}
              />
              {kind}
            </label>
          ))}
        </div>
      </details>
    </div>
  );
}

/**
 * Values that are added whole (Enter or leaving the field) and shown as chips to remove: the trace
 * names, and the attribute equalities `key=value` (a span's or its resource's). `validate` returns
 * a message for a value that cannot be added.
 */
function ChipsFilter({
  label,
  testId,
  chipTestId = `${testId}-chip`,
  placeholder,
  title,
  className = "chips-filter",
  list,
  code = false,
  validate,
  value,
  onChange,
}: {
  label: string;
  testId: string;
  chipTestId?: string;
  placeholder: string;
  title: string;
  className?: string;
  list?: string;
  /** show the values as code (keys and values) rather than text */
  code?: boolean;
  validate?(value: string): string | undefined;
  value: string[];
  onChange(values: string[]): void;
}) {
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string>();
  const add = () => {
    const v = draft.trim();
    if (!v) {
      setError(undefined);
      return;
    }
    const message = validate?.(v);
    if (message) {
      setError(message);
      return;
    }
    setError(undefined);
    setDraft("");
    if (!value.includes(v)) onChange([...value, v]);
  };
  return (
    <label className={className} title={title}>
      {label}
      <span className="attr-chips">
        {value.map((a) => (
          <span key={a} className="chip" data-testid={chipTestId}>
            {code ? <code>{a}</code> : a}
            <button type="button" className="link" aria-label={`Remove ${a}`} onClick={() => onChange(value.filter((x) => x !== a))}>
              ×
            </button>
          </span>
        ))}
        <input
          data-testid={testId}
          placeholder={placeholder}
          list={list}
          value={draft}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              add();
            }
          }}
          onBlur={add}
        />
      </span>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </label>
  );
}
