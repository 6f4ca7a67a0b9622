import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDuration, formatTime } from "../../components/format";
import { flatten, formatValue } from "./flatten";
import { RunStateBadge } from "./parts";
import {
  defaultColumns,
  discoverKeys,
  formatAgo,
  FILTER_OPS,
  parseRunsView,
  RUN_STATES,
  runDurationMs,
  toListQuery,
  writeRunsView,
  type DiscoveredKey,
  type FilterOp,
  type RunsView,
} from "./runsView";

type Run = Schemas["RunView"];
const PAGE = 50;
const MAX_COMPARE = 20;

/** The runs of a project: W&B-style table with chosen config/summary columns, filters, sort, compare. */
export function RunsPage() {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const view = useMemo(() => parseRunsView(params), [params]);
  const selected = useMemo(() => (params.get("sel") ?? "").split(",").filter(Boolean), [params]);
  // Functional, from the URL as it is now: a blur submitting the tag box and the click that caused
  // it must not overwrite each other from the view of an earlier render.
  const update = (next: Partial<RunsView>) => setParams((p) => writeRunsView({ ...parseRunsView(p), ...next }, p), { replace: true });
  const setSelected = (ids: string[]) =>
    setParams(
      (p) => {
        const out = new URLSearchParams(p);
        if (ids.length) out.set("sel", ids.join(","));
        else out.delete("sel");
        return out;
      },
      { replace: true },
    );

  const query = useInfiniteQuery({
    queryKey: [project, "runs", "list", toListQuery(view, PAGE)],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/projects/{project}/runs", {
          // The list's filter parameters are dynamic (config.<key>=...), so the contract cannot name them.
          params: { path: { project }, query: toListQuery(view, PAGE, pageParam) as never },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 15_000,
    // A new filter or sort keeps the old rows on screen (dimmed) until the answer arrives.
    placeholderData: keepPreviousData,
  });
  const runs: Run[] = useMemo(() => query.data?.pages.flatMap((p) => p.items ?? []) ?? [], [query.data]);
  const keys = useMemo(() => discoverKeys(runs), [runs]);
  // "cols=-" means the user unchecked every column (an empty list would bring the defaults back).
  const columns = view.cols.length ? view.cols.filter((c) => c !== "-") : defaultColumns(keys);
  const filtered = view.states.length > 0 || view.tags.length > 0 || view.group !== "" || view.filters.length > 0;
  const now = Date.now();

  const sortBy = (sort: string) =>
    update(view.sort === sort ? { order: view.order === "desc" ? "asc" : "desc" } : { sort, order: sort === "name" ? "asc" : "desc" });
  const arrow = (sort: string) => (view.sort === sort ? (view.order === "desc" ? " ↓" : " ↑") : "");

  return (
    <div className="runs-page">
      <div className="runs-head">
        <h1>Runs</h1>
        <div className="spacer" />
        <span className="muted">{selected.length > 0 && `${selected.length} selected`}</span>
        {selected.length > 0 && (
          <button type="button" onClick={() => setSelected([])}>
            Clear selection
          </button>
        )}
        <button
          type="button"
          className="primary"
          data-testid="compare-runs"
          disabled={selected.length < 2}
          title={selected.length < 2 ? "Select two or more runs" : undefined}
          onClick={() => navigate(`/p/${encodeURIComponent(project)}/runs/compare?ids=${selected.map(encodeURIComponent).join(",")}`)}
        >
          Compare{selected.length >= 2 ? ` ${selected.length}` : ""}
        </button>
      </div>

      <RunFilters view={view} keys={keys} update={update} />

      <div className="toolbar runs-columns-bar">
        <ColumnPicker keys={keys} columns={columns} onChange={(cols) => update({ cols: cols.length ? cols : ["-"] })} />
        <span className="muted small">
          Sorting by {view.sort} ({view.order}). Click a header to sort by name, creation or any numeric config/summary column.
        </span>
      </div>

      {query.isPending ? (
        <Loading label="Loading runs…" />
      ) : query.isError ? (
        <ErrorState error={query.error} retry={() => void query.refetch()} />
      ) : runs.length === 0 ? (
        filtered ? (
          <Empty title="No runs match these filters">
            <button type="button" onClick={() => update({ states: [], tags: [], group: "", filters: [] })}>
              Clear filters
            </button>
          </Empty>
        ) : (
          <Empty title="No runs yet — log one with the SDK:">
            <pre className="json runs-hint">{`try (WeftRun run = Weft.run().name("baseline")
        .config(Map.of("lr", 1e-3)).start()) {
  run.log(Map.of("loss", 0.25));
}`}</pre>
            or <code>POST /api/v1/projects/{project}/runs</code> (see docs/runs.md).
          </Empty>
        )
      ) : (
        <>
          <div className="runs-table-wrap">
            <table className={`grid runs-table${query.isPlaceholderData ? " stale" : ""}`} aria-busy={query.isPlaceholderData}>
              <thead>
                <tr>
                  <th>
                    <input
                      type="checkbox"
                      aria-label="Select all loaded runs"
                      checked={runs.length > 0 && runs.every((r) => selected.includes(r.id))}
                      onChange={(e) => setSelected(e.target.checked ? runs.slice(0, MAX_COMPARE).map((r) => r.id) : [])}
                    />
                  </th>
                  <th>
                    <button type="button" className="sort" onClick={() => sortBy("name")}>
                      Name{arrow("name")}
                    </button>
                  </th>
                  <th>State</th>
                  <th>
                    <button type="button" className="sort" onClick={() => sortBy("createdAt")}>
                      Created{arrow("createdAt")}
                    </button>
                  </th>
                  <th className="num">Duration</th>
                  <th>Tags</th>
                  {columns.map((c) => {
                    const k = keys.find((x) => x.column === c);
                    // The server sorts numerically; a text column would only come out in id order.
                    const sortable = k?.numeric ?? false;
                    return (
                      <th key={c} className={k?.numeric ? "num" : undefined} title={c}>
                        <span className="col-field">{c.startsWith("config.") ? "config" : "summary"}</span>
                        {sortable ? (
                          <button type="button" className="sort" onClick={() => sortBy(c)}>
                            {c.slice(c.indexOf(".") + 1)}
                            {arrow(c)}
                          </button>
                        ) : (
                          c.slice(c.indexOf(".") + 1)
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => {
                  const flat = { config: flatten(run.config), summary: flatten(run.summary) };
                  const checked = selected.includes(run.id);
                  return (
                    <tr key={run.id} data-testid="run-row" className={checked ? "selected" : undefined}>
                      <td>
                        <input
                          type="checkbox"
                          aria-label={`Select ${run.name ?? run.id}`}
                          checked={checked}
                          disabled={!checked && selected.length >= MAX_COMPARE}
                          onChange={(e) => setSelected(e.target.checked ? [...selected, run.id] : selected.filter((s) => s !== run.id))}
                        />
                      </td>
                      <td className="run-name">
                        <Link to={`/p/${encodeURIComponent(project)}/runs/${encodeURIComponent(run.id)}`}>{run.name || run.id}</Link>
                        <div className="muted small mono">
                          {run.id}
                          {run.group ? ` · ${run.group}` : ""}
                        </div>
                      </td>
                      <td>
                        <RunStateBadge state={run.state} />
                      </td>
                      <td title={formatTime(run.createdAt)}>{formatAgo(run.createdAt, now)}</td>
                      <td className="num">{formatDuration(runDurationMs(run, now))}</td>
                      <td className="tags">
                        {(run.tags ?? []).map((t) => (
                          <button
                            type="button"
                            key={t}
                            className="badge tag"
                            title={`Only runs tagged ${t}`}
                            onClick={() => !view.tags.includes(t) && update({ tags: [...view.tags, t] })}
                          >
                            {t}
                          </button>
                        ))}
                      </td>
                      {columns.map((c) => {
                        const field = c.startsWith("config.") ? "config" : "summary";
                        const v = flat[field][c.slice(field.length + 1)];
                        return (
                          <td key={c} className={typeof v === "number" ? "num" : undefined}>
                            {formatValue(v)}
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="runs-paging">
            <span className="muted">
              {runs.length} run{runs.length === 1 ? "" : "s"} loaded
            </span>
            {query.hasNextPage && (
              <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage ? "Loading…" : `Load ${PAGE} more`}
              </button>
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** State toggles, tags, group and config/summary filters; each change rewrites the URL. */
function RunFilters({ view, keys, update }: { view: RunsView; keys: DiscoveredKey[]; update: (next: Partial<RunsView>) => void }) {
  const [tagText, setTagText] = useState(view.tags.join(", "));
  const [group, setGroup] = useState(view.group);
  // The URL can change under the inputs (a tag badge clicked, back button): follow it.
  const tagKey = view.tags.join(", ");
  useEffect(() => setTagText(tagKey), [tagKey]);
  useEffect(() => setGroup(view.group), [view.group]);
  const [fKey, setFKey] = useState("");
  const [fOp, setFOp] = useState<FilterOp>("");
  const [fValue, setFValue] = useState("");
  const addFilter = () => {
    const dot = fKey.indexOf(".");
    const field = fKey.slice(0, dot);
    const key = fKey.slice(dot + 1);
    if ((field !== "config" && field !== "summary") || !key || fValue === "") return;
    update({ filters: [...view.filters, { field, key, op: fOp, value: fValue }] });
    setFValue("");
  };
  return (
    <div className="toolbar runs-filters">
      <fieldset className="state-toggles" data-testid="filter-state">
        <legend>State</legend>
        {RUN_STATES.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={view.states.includes(s)}
              onChange={(e) => update({ states: e.target.checked ? [...view.states, s] : view.states.filter((x) => x !== s) })}
            />
            {s}
          </label>
        ))}
      </fieldset>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update({ tags: tagText.split(",").map((t) => t.trim()).filter(Boolean), group: group.trim() });
        }}
        className="inline-form"
      >
        <label>
          Tags (all of)
          <input data-testid="filter-tag" value={tagText} placeholder="gpu, baseline" onChange={(e) => setTagText(e.target.value)} onBlur={(e) => e.currentTarget.form?.requestSubmit()} />
        </label>
        <label>
          Group
          <input data-testid="filter-group" value={group} placeholder="lr-sweep" onChange={(e) => setGroup(e.target.value)} onBlur={(e) => e.currentTarget.form?.requestSubmit()} />
        </label>
      </form>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          addFilter();
        }}
      >
        <label>
          Filter key
          <input data-testid="filter-key" list="run-filter-keys" value={fKey} placeholder="summary.acc" onChange={(e) => setFKey(e.target.value)} />
          <datalist id="run-filter-keys">
            {keys.map((k) => (
              <option key={k.column} value={k.column} />
            ))}
          </datalist>
        </label>
        <label>
          Op
          <select aria-label="Operator" value={fOp} onChange={(e) => setFOp(e.target.value as FilterOp)}>
            {FILTER_OPS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Value
          <input data-testid="filter-value" value={fValue} placeholder="0.9" onChange={(e) => setFValue(e.target.value)} />
        </label>
        <button type="submit" disabled={!/^(config|summary)\../.test(fKey) || fValue === ""}>
          Add filter
        </button>
      </form>
      {(view.filters.length > 0 || view.tags.length > 0 || view.group) && (
        <div className="chips">
          {view.tags.map((t) => (
            <span className="chip" key={`tag-${t}`}>
              tag: {t}
              <button type="button" aria-label={`Remove tag ${t}`} onClick={() => { const tags = view.tags.filter((x) => x !== t); setTagText(tags.join(", ")); update({ tags }); }}>
                ×
              </button>
            </span>
          ))}
          {view.group && (
            <span className="chip">
              group: {view.group}
              <button type="button" aria-label="Remove group filter" onClick={() => { setGroup(""); update({ group: "" }); }}>
                ×
              </button>
            </span>
          )}
          {view.filters.map((f, i) => (
            <span className="chip" key={i}>
              {f.field}.{f.key} {FILTER_OPS.find((o) => o.value === f.op)?.label} {f.value}
              <button type="button" aria-label={`Remove filter on ${f.field}.${f.key}`} onClick={() => update({ filters: view.filters.filter((_, j) => j !== i) })}>
                ×
              </button>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** Lists the config and summary keys of the loaded runs; checked keys become columns. */
function ColumnPicker({ keys, columns, onChange }: { keys: DiscoveredKey[]; columns: string[]; onChange: (cols: string[]) => void }) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const shown = keys.filter((k) => k.column.toLowerCase().includes(search.toLowerCase()));
  return (
    <div className="column-picker">
      <button type="button" data-testid="column-picker" aria-expanded={open} onClick={() => setOpen(!open)}>
        Columns ({columns.length}) ▾
      </button>
      {open && (
        <div className="popover card" role="dialog" aria-label="Choose columns">
          <input autoFocus placeholder="Search keys" value={search} onChange={(e) => setSearch(e.target.value)} />
          <div className="picker-actions">
            <button type="button" className="link" onClick={() => onChange(keys.map((k) => k.column))}>
              All
            </button>
            <button type="button" className="link" onClick={() => onChange([])}>
              None
            </button>
            <button type="button" className="link" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
          {keys.length === 0 && <p className="muted small">The loaded runs have no config or summary keys.</p>}
          <ul>
            {shown.map((k) => (
              <li key={k.column}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={columns.includes(k.column)}
                    onChange={(e) => onChange(e.target.checked ? [...columns, k.column] : columns.filter((c) => c !== k.column))}
                  />
                  <span className="col-field">{k.field}</span> {k.key}
                  <span className="muted small"> · {k.runs} run{k.runs === 1 ? "" : "s"}</span>
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
