import { Empty } from "../../components/States";

/** Leaderboard */
export function LeaderboardPage() {
  return <Empty title="Leaderboard" />;
}
