import { Empty } from "../../components/States";

/** Traces of the project */
export function TracesPage() {
  return <Empty title="Traces of the project" />;
}
