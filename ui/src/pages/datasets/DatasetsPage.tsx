import { Empty } from "../../components/States";

/** Datasets */
export function DatasetsPage() {
  return <Empty title="Datasets" />;
}
