import { Empty } from "../../components/States";

/** One dataset */
export function DatasetPage() {
  return <Empty title="One dataset" />;
}
