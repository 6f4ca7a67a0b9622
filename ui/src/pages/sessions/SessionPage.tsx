import { Empty } from "../../components/States";

/** One session */
export function SessionPage() {
  return <Empty title="One session" />;
}
