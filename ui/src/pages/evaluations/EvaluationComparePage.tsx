import { Empty } from "../../components/States";

/** Compare evaluations */
export function EvaluationComparePage() {
  return <Empty title="Compare evaluations" />;
}
