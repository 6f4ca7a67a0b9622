import { Empty } from "../../components/States";

/** One evaluation */
export function EvaluationPage() {
  return <Empty title="One evaluation" />;
}
