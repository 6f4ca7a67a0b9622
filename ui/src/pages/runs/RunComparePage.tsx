import { Empty } from "../../components/States";

/** Compare runs */
export function RunComparePage() {
  return <Empty title="Compare runs" />;
}
