import { Empty } from "../../components/States";

/** Runs */
export function RunsPage() {
  return <Empty title="Runs" />;
}
