import { useCallback } from "react";
import { useLocation, useSearchParams } from "react-router";

/** Page sizes offered by every keyset-paged list. */
export const PAGE_SIZES = [25, 50, 100] as const;

/**
 * Keyset paging whose state lives in the URL: the current page's cursor is the `cursor` search
 * param (shareable, Back/Forward work), and the cursors of the pages before it ride in the history
 * entry's state, so "Previous" works without the server paging backwards. A shared link that opens
 * on a later page has no stack: "Previous" then goes to the first page.
 */
export interface CursorPaging {
  /** the current page's cursor, undefined on the first page */
  cursor: string | undefined;
  /** 1-based page number, or undefined when opened on a later page from a link */
  page: number | undefined;
  hasPrevious: boolean;
  next(nextCursor: string): void;
  previous(): void;
  first(): void;
}

interface PagingState {
  cursors?: string[];
}

/** Earlier pages' cursors from a history state ("" is the first page); anything else is no stack. */
export function cursorStack(state: unknown): string[] {
  const cursors = (state as PagingState | null)?.cursors;
  return Array.isArray(cursors) && cursors.every((c) => typeof c === "string") ? cursors : [];
}

export function useCursorPaging(param = "cursor"): CursorPaging {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const cursor = params.get(param) || undefined;
  const stack = cursorStack(location.state);
  const go = useCallback(
    (target: string | undefined, cursors: string[]) => {
      setParams(
        (current) => {
          const p = new URLSearchParams(current);
          if (target) p.set(param, target);
          else p.delete(param);
          return p;
        },
        { state: { cursors } satisfies PagingState },
      );
    },
    [param, setParams],
  );
  return {
    cursor,
    page: cursor === undefined ? 1 : stack.length > 0 ? stack.length + 1 : undefined,
    hasPrevious: cursor !== undefined,
    next: (nextCursor) => go(nextCursor, [...stack, cursor ?? ""]),
    previous: () => {
      if (stack.length === 0) go(undefined, []);
      else go(stack[stack.length - 1] || undefined, stack.slice(0, -1));
    },
    first: () => go(undefined, []),
  };
}
