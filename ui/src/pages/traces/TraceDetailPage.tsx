import { Empty } from "../../components/States";

/** One trace */
export function TraceDetailPage() {
  return <Empty title="One trace" />;
}
