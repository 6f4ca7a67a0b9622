import { PAGE_SIZES, type CursorPaging } from "./cursorPaging";

/**
 * The bar under a keyset-paged list: how many rows, the page number, rows per page and
 * First / Previous / Next (see {@link CursorPaging}).
 */
export function Pager({
  count,
  noun,
  paging,
  nextCursor,
  limit,
  onLimit,
}: {
  count: number;
  /** singular noun for the rows, e.g. "trace" */
  noun: string;
  paging: CursorPaging;
  nextCursor: string | null | undefined;
  limit: number;
  onLimit(limit: number): void;
}) {
  return (
    <div className="pager">
      <span className="muted">
        {count} {noun}
        {count === 1 ? "" : "s"}
        {paging.page ? ` · page ${paging.page}` : ""}
      </span>
      <div className="spacer" />
      <label className="page-size">
        Rows per page
        <select data-testid="page-size" value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
          {[...new Set([...PAGE_SIZES, limit])]
            .sort((a, b) => a - b)
            .map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
        </select>
      </label>
      <button type="button" data-testid="page-first" onClick={paging.first} disabled={!paging.hasPrevious}>
        « First
      </button>
      <button type="button" data-testid="page-previous" onClick={paging.previous} disabled={!paging.hasPrevious}>
        ‹ Previous
      </button>
      <button type="button" data-testid="page-next" onClick={() => nextCursor && paging.next(nextCursor)} disabled={!nextCursor}>
        Next ›
      </button>
    </div>
  );
}
