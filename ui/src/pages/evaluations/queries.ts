import { useEffect, useMemo } from "react";
import { useInfiniteQuery, useQueries } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { toRowModel, type EvalRowModel } from "./model";

/** Rows per request when loading every row of an evaluation (the API's maximum). */
export const ROW_PAGE = 1000;

/** Rows held in the browser at most; an evaluation beyond it is shown (and filtered) in part. */
export const MAX_CLIENT_ROWS = 50_000;

export interface AllRows {
  evaluation: Schemas["EvaluationView"] | undefined;
  rows: EvalRowModel[];
  /** rows the server has for this evaluation */
  total: number;
  loading: boolean;
  complete: boolean;
  error: unknown;
  refetch: () => void;
}

/**
 * Loads an evaluation and ALL its rows, a page of {@link ROW_PAGE} at a time, one after another,
 * so the table can filter, search and sort on anything (the server's row query cannot search text
 * or combine conditions). The first page shows while the rest arrive.
 */
export function useAllEvalRows(id: string | undefined): AllRows {
  const { project, api } = useProjectApi();
  const query = useInfiniteQuery({
    queryKey: [project, "evaluation", id, "all-rows"],
    enabled: !!id,
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/projects/{project}/evaluations/{id}", {
          params: { path: { project, id: id! }, query: { sort: "index", order: "asc", limit: ROW_PAGE, offset: pageParam } },
        }),
      ),
    getNextPageParam: (last) =>
      last.nextOffset != null && last.rows.length > 0 && last.nextOffset < MAX_CLIENT_ROWS ? last.nextOffset : undefined,
    // an evaluation still receiving rows is re-read until it finishes
    refetchInterval: (q) => {
      const state = q.state.data?.pages[0]?.evaluation.state;
      return state === undefined || state === "finished" ? false : 10_000;
    },
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isError } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && !isError) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, isError]);
  const pages = query.data?.pages;
  const rows = useMemo(() => (pages ?? []).flatMap((p) => p.rows.map(toRowModel)), [pages]);
  return {
    evaluation: pages?.[0]?.evaluation,
    rows,
    total: Number(pages?.[0]?.matchingRows ?? 0),
    loading: query.isPending,
    complete: query.isSuccess && !hasNextPage,
    error: query.error,
    refetch: () => void query.refetch(),
  };
}

/**
 * Version numbers of dataset digests, for the datasets this project stores (an evaluation of a
 * dataset kept in a file has no server dataset: its digest is shown short instead).
 */
export function useDatasetVersionNumbers(names: string[]): Map<string, Map<string, number>> {
  const { project, api } = useProjectApi();
  const unique = [...new Set(names)].sort();
  const results = useQueries({
    queries: unique.map((name) => ({
      queryKey: [project, "dataset", name, "versions"],
      queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/datasets/{name}/versions", { params: { path: { project, name } } })),
      retry: false,
      staleTime: 60_000,
    })),
  });
  const key = results.map((r) => r.dataUpdatedAt).join(",");
  return useMemo(() => {
    const out = new Map<string, Map<string, number>>();
    unique.forEach((name, i) => {
      const versions = results[i]?.data;
      if (versions) out.set(name, new Map(versions.map((v) => [v.digest, v.number])));
    });
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [unique.join("\n"), key]);
}
