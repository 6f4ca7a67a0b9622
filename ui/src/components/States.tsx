import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { Link } from "react-router";
import { ApiError } from "../api/client";

/** Says which URL parameters a page ignored and why; `children` may offer to remove them. */
export function IgnoredParams({ problems, testId, children }: { problems: string[]; testId?: string; children?: ReactNode }) {
  if (problems.length === 0) return null;
  return (
    <div className="url-problems" role="alert" data-testid={testId}>
      <span>This link has parameters the page cannot use, so they are ignored:</span>
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      {children}
    </div>
  );
}

/** Shown while data loads; `label` says what is loading. */
export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </div>
  );
}

/** Shown when a request failed: the server's message and a way to retry. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const status = error instanceof ApiError ? error.status : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" role="alert">
      <strong>{status === 404 ? "Not found" : status === 401 || status === 403 ? "Not allowed" : "Something went wrong"}</strong>
      <p>{message}</p>
      {status === 401 && <Link to="/signin">Sign in with another key</Link>}
      {retry && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

/** Shown when a list has nothing in it: what is missing and how to get some. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children && <div className="hint">{children}</div>}
    </div>
  );
}

/** Renders loading and error states of a query, and `children(data)` once it has data. */
export function QueryView<T>({
  query,
  label,
  children,
}: {
  query: UseQueryResult<T>;
  label?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading label={label} />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
