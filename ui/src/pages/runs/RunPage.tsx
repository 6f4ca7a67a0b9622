import { Empty } from "../../components/States";

/** One run */
export function RunPage() {
  return <Empty title="One run" />;
}
