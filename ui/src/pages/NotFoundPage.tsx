import { Link } from "react-router";
import { Empty } from "../components/States";

/** Any URL the app does not know. */
export function NotFoundPage() {
  return (
    <Empty title="This page does not exist">
      <Link to="/">Go to the start page</Link>
    </Empty>
  );
}
