import { Empty } from "../../components/States";

/** Sessions */
export function SessionsPage() {
  return <Empty title="Sessions" />;
}
