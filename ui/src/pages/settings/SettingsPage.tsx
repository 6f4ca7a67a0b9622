import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, QueryView } from "../../components/States";
import { formatCost, formatTime } from "../../components/format";
import { ConfirmButton } from "../../components/ConfirmButton";
import { CopyButton } from "../traces/detail/SpanDetail";

/** The scopes a key may have, in the order the form offers them. */
const SCOPES = [
  ["ingest", "send spans (OTLP) and runs"],
  ["read", "query traces, runs, datasets"],
  ["admin", "manage keys, prices and projects"],
] as const;

/**
 * The project's settings an admin key manages: its API keys (create, with the secret shown once;
 * revoke; when each was last used) and its model price overrides. Any other key is told it needs
 * the admin scope.
 */
export function SettingsPage() {
  return (
    <div className="settings">
      <h1>Settings</h1>
      <KeysSection />
      <PricesSection />
    </div>
  );
}

/** The message of a failed request, for a form. */
function failure(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function KeysSection() {
  const { project, api } = useProjectApi();
  const queries = useQueryClient();
  const keys = useQuery({
    queryKey: [project, "keys"],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/keys", { params: { path: { project } } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: [project, "keys"] });
  const revoke = useMutation({
    mutationFn: (keyId: number) => unwrap(api.DELETE("/api/v1/projects/{project}/keys/{keyId}", { params: { path: { project, keyId } } })),
    onSettled: refresh,
  });

  return (
    <section className="settings-section" aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      <p className="muted">
        Send a key as <code>Authorization: Bearer …</code> (OTLP exporters: <code>OTEL_EXPORTER_OTLP_HEADERS</code>). Only its first characters are
        kept in view; the secret is shown once, when the key is created.
      </p>
      <NewKeyForm onCreated={refresh} />
      {revoke.isError && (
        <p className="form-error" role="alert" data-testid="revoke-error">
          {failure(revoke.error)}
        </p>
      )}
      <QueryView query={keys} label="Loading keys…">
        {(list) =>
          list.length === 0 ? (
            <Empty title="No keys" />
          ) : (
            <table className="grid" data-testid="keys">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Key</th>
                  <th>Scopes</th>
                  <th>Created</th>
                  <th>Last used</th>
                  <th>Status</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((k) => (
                  <tr key={k.id} data-testid="key-row" className={k.revokedAt ? "muted" : undefined}>
                    <td>{k.name}</td>
                    <td>
                      <code>{k.prefix}…</code>
                    </td>
                    <td>
                      {k.scopes.map((s) => (
                        <span key={s} className="badge">
                          {s}
                        </span>
                      ))}
                    </td>
                    <td>{formatTime(k.createdAt)}</td>
                    <td title="To about a minute">{k.lastUsedAt ? formatTime(k.lastUsedAt) : <span className="muted">never</span>}</td>
                    <td>{k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : <span className="badge ok">active</span>}</td>
                    <td>
                      {!k.revokedAt && (
                        <ConfirmButton
                          label="Revoke…"
                          confirm={`Revoke ${k.name}: clients using it stop working`}
                          pending={revoke.isPending}
                          onConfirm={() => revoke.mutate(k.id)}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}

/** Name and scopes of a new key; once created, its secret with a copy button (shown this once). */
function NewKeyForm({ onCreated }: { onCreated: () => void }) {
  const { project, api } = useProjectApi();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["ingest"]);
  const [created, setCreated] = useState<Schemas["CreatedKeyView"]>();
  const create = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/v1/projects/{project}/keys", { params: { path: { project } }, body: { name: name.trim(), scopes } })),
    onSuccess: (answer) => {
      setCreated(answer);
      setName("");
      onCreated();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(undefined);
    create.mutate();
  };

  return (
    <>
      <form className="toolbar" onSubmit={submit} aria-label="New API key">
        <label>
          Name
          <input data-testid="key-name" required placeholder="ci, prod ingest…" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <fieldset className="scopes">
          <legend>Scopes</legend>
          {SCOPES.map(([scope, what]) => (
            <label key={scope} title={what}>
              <input
                type="checkbox"
                data-testid={`scope-${scope}`}
                checked={scopes.includes(scope)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
              />
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={create.isPending || !name.trim() || scopes.length === 0}>
          Create key
        </button>
      </form>
      {create.isError && (
        <p className="form-error" role="alert">
          {failure(create.error)}
        </p>
      )}
      {created && (
        <div className="secret card" role="status" data-testid="new-secret">
          <p>
            Key <strong>{created.key.name}</strong> created. Copy its secret now: it is not shown again.
          </p>
          <code data-testid="secret">{created.secret}</code> <CopyButton text={created.secret} label="Copy" />{" "}
          <button type="button" className="link" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </div>
      )}
    </>
  );
}

type PriceForm = { model: string; input: string; output: string; cacheRead: string; cacheWrite: string };
const NO_PRICE: PriceForm = { model: "", input: "", output: "", cacheRead: "", cacheWrite: "" };

/** An optional price field: a number, or null when left empty. */
function optional(value: string): number | null {
  return value.trim() === "" ? null : Number(value);
}

function PricesSection() {
  const { project, api } = useProjectApi();
  const queries = useQueryClient();
  const prices = useQuery({
    queryKey: [project, "prices"],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/prices", { params: { path: { project } } })),
  });
  const refresh = () => queries.invalidateQueries({ queryKey: [project, "prices"] });
  const [form, setForm] = useState<PriceForm>(NO_PRICE);
  const set = useMutation({
    mutationFn: (f: PriceForm) =>
      unwrap(
        api.PUT("/api/v1/projects/{project}/prices", {
          params: { path: { project } },
          // The request is a PriceView without updatedAt, which the server sets.
          body: {
            model: f.model.trim(),
            inputPerMillion: Number(f.input),
            outputPerMillion: Number(f.output),
            cacheReadPerMillion: optional(f.cacheRead),
            cacheWritePerMillion: optional(f.cacheWrite),
          } as Schemas["PriceView"],
        }),
      ),
    onSuccess: () => {
      setForm(NO_PRICE);
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (model: string) => unwrap(api.DELETE("/api/v1/projects/{project}/prices", { params: { path: { project }, query: { model } } })),
    onSettled: refresh,
  });
  const field = (key: keyof PriceForm, label: string, required: boolean) => (
    <label>
      {label}
      <input
        data-testid={`price-${key}`}
        type={key === "model" ? "text" : "number"}
        min={key === "model" ? undefined : 0}
        step="any"
        required={required}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <section className="settings-section" aria-labelledby="prices-heading">
      <h2 id="prices-heading">Model prices</h2>
      <p className="muted">
        Costs come from the shipped price table{prices.data ? ` (${prices.data.shippedModels} models)` : ""}; a price set here replaces it for this
        project, in USD per million tokens. It applies to spans ingested from now on; stored costs stay, and spans stored without a cost can get one
        below. Without cache prices, cached input tokens cost what other input tokens cost.
      </p>
      <PriceLookup />
      <form
        className="toolbar"
        aria-label="Set a model price"
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate(form);
        }}
      >
        {field("model", "Model", true)}
        {field("input", "Input $/M", true)}
        {field("output", "Output $/M", true)}
        {field("cacheRead", "Cache read $/M", false)}
        {field("cacheWrite", "Cache write $/M", false)}
        <button type="submit" className="primary" disabled={set.isPending}>
          Set price
        </button>
      </form>
      {(set.isError || remove.isError) && (
        <p className="form-error" role="alert">
          {failure(set.error ?? remove.error)}
        </p>
      )}
      <QueryView query={prices} label="Loading prices…">
        {(list) =>
          list.overrides.length === 0 ? (
            <Empty title="No price overrides">Every model is priced from the shipped table.</Empty>
          ) : (
            <table className="grid" data-testid="prices">
              <thead>
                <tr>
                  <th>Model</th>
                  <th className="num">Input $/M</th>
                  <th className="num">Output $/M</th>
                  <th className="num">Cache read $/M</th>
                  <th className="num">Cache write $/M</th>
                  <th>Updated</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.overrides.map((p) => (
                  <tr key={p.model} data-testid="price-row">
                    <td>{p.model}</td>
                    <td className="num">{p.inputPerMillion}</td>
                    <td className="num">{p.outputPerMillion}</td>
                    <td className="num">{p.cacheReadPerMillion ?? <span className="muted">as input</span>}</td>
                    <td className="num">{p.cacheWritePerMillion ?? <span className="muted">as input</span>}</td>
                    <td>{formatTime(p.updatedAt)}</td>
                    <td>
                      <button type="button" disabled={remove.isPending} onClick={() => remove.mutate(p.model)}>
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      <CostBackfill />
    </section>
  );
}

/** "3 spans" or "1 span". */
function spans(n: number): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? "span" : "spans"}`;
}

/**
 * Prices the stored spans that have no cost (their model had no price when they arrived) with the
 * prices in force now, and says what it did and which models still have no price.
 */
function CostBackfill() {
  const { project, api } = useProjectApi();
  const queries = useQueryClient();
  const run = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/projects/{project}/prices/backfill", { params: { path: { project } } })),
    // Trace lists and details show costs: read them again.
    onSuccess: () => queries.invalidateQueries({ queryKey: [project] }),
  });
  const result = run.data;
  return (
    <div className="backfill">
      <p className="muted">
        Spans whose model had no price when they arrived were stored without a cost. Once their model has a price, give them the cost it makes; costs
        already stored do not change.
      </p>
      <button type="button" disabled={run.isPending} onClick={() => run.mutate()}>
        {run.isPending ? "Pricing stored spans…" : "Price stored spans without a cost"}
      </button>
      {run.isError && (
        <p className="form-error" role="alert">
          {failure(run.error)}
        </p>
      )}
      {result && (
        <p data-testid="backfill-result">
          {result.pricedSpans === 0
            ? "No stored span could get a cost."
            : `Priced ${spans(result.pricedSpans)}, ${formatCost(result.costUsd)} in all (${result.priced
                .map((m) => `${m.model}: ${spans(m.spans)}`)
                .join(", ")}).`}
          {result.unpriced.length > 0 &&
            ` Still without a price: ${result.unpriced.map((m) => `${m.model} (${spans(m.spans)})`).join(", ")}.`}
        </p>
      )}
    </div>
  );
}

/** A model price in words: "$2.5 in · $10 out per million tokens, cache read $1.25". */
function describePrice(p: Schemas["EffectivePrice"]): string {
  const parts = [`$${p.inputPerMillion} in · $${p.outputPerMillion} out per million tokens`];
  if (p.cacheReadPerMillion != null) parts.push(`cache read $${p.cacheReadPerMillion}`);
  if (p.cacheWritePerMillion != null) parts.push(`cache write $${p.cacheWritePerMillion}`);
  return parts.join(", ");
}

/**
 * Which price a model's spans get and where it comes from (this project's override, the shipped
 * table, or none: then its spans have no cost) — the answer to "why is this cost empty?".
 */
function PriceLookup() {
  const { project, api } = useProjectApi();
  const [model, setModel] = useState("");
  const lookup = useMutation({
    mutationFn: (name: string) =>
      unwrap(api.GET("/api/v1/projects/{project}/prices/effective", { params: { path: { project }, query: { model: name } } })),
  });
  const answer = lookup.data;
  return (
    <>
      <form
        className="toolbar"
        aria-label="Look up a model's price"
        onSubmit={(e) => {
          e.preventDefault();
          lookup.mutate(model.trim());
        }}
      >
        <label>
          Which price does a model get?
          <input data-testid="lookup-model" required placeholder="gpt-4o-2024-08-06" value={model} onChange={(e) => setModel(e.target.value)} />
        </label>
        <button type="submit" disabled={lookup.isPending || !model.trim()}>
          Look up
        </button>
      </form>
      {lookup.isError && (
        <p className="form-error" role="alert">
          {failure(lookup.error)}
        </p>
      )}
      {answer && (
        <p data-testid="lookup-answer">
          <strong>{answer.model}</strong>:{" "}
          {answer.source === "unknown"
            ? "no price: its spans get no cost. Set one below."
            : `${describePrice(answer)} (${answer.source === "override" ? "this project's price" : "shipped table"}).`}
        </p>
      )}
    </>
  );
}
