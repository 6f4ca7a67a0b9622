import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { unwrap } from "../../../api/client";
import { useProjectApi } from "../../../app/session";
import { ConfirmButton } from "../../../components/ConfirmButton";

/**
 * Deletes the trace with all its spans (an admin key's right, e.g. to erase a conversation on a
 * user's request), after a second click that says what goes; then back to the trace list. Another
 * key is told the server's reason.
 */
export function DeleteTrace({ traceId, spanCount }: { traceId: string; spanCount: number }) {
  const { project, api } = useProjectApi();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/projects/{project}/traces/{traceId}", { params: { path: { project, traceId } } })),
    onSuccess: async () => {
      // Lists, counts, sessions and runs that held the trace are read again when next shown.
      await queries.invalidateQueries({ queryKey: [project] });
      navigate(`/p/${encodeURIComponent(project)}/traces`, { replace: true });
    },
  });
  return (
    <span className="td-delete">
      <ConfirmButton
        label="Delete trace…"
        confirm={`Delete this trace and its ${spanCount.toLocaleString("en-US")} span${spanCount === 1 ? "" : "s"}`}
        pending={remove.isPending}
        onConfirm={() => remove.mutate()}
      />
      {remove.isError && (
        <span className="form-error" role="alert">
          {remove.error instanceof Error ? remove.error.message : String(remove.error)}
        </span>
      )}
    </span>
  );
}
