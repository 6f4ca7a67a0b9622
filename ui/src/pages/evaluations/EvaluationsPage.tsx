import { Empty } from "../../components/States";

/** Evaluations */
export function EvaluationsPage() {
  return <Empty title="Evaluations" />;
}
