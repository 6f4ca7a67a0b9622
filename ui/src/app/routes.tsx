import type { RouteObject } from "react-router";
import { Layout } from "./Layout";
import { Home, ProjectRoute } from "./ProjectRoute";
import { SignInPage } from "../pages/SignInPage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { TracesPage } from "../pages/traces/TracesPage";
import { TraceDetailPage } from "../pages/traces/TraceDetailPage";
import { SessionsPage } from "../pages/sessions/SessionsPage";
import { SessionPage } from "../pages/sessions/SessionPage";
import { RunsPage } from "../pages/runs/RunsPage";
import { RunPage } from "../pages/runs/RunPage";
import { RunComparePage } from "../pages/runs/RunComparePage";
import { DatasetsPage } from "../pages/datasets/DatasetsPage";
import { DatasetPage } from "../pages/datasets/DatasetPage";
import { EvaluationsPage } from "../pages/evaluations/EvaluationsPage";
import { EvaluationPage } from "../pages/evaluations/EvaluationPage";
import { EvaluationComparePage } from "../pages/evaluations/EvaluationComparePage";
import { LeaderboardPage } from "../pages/evaluations/LeaderboardPage";

/**
 * Every view has a URL, so a link can be shared. Keep in sync with the server's SPA fallback
 * (`dev.weft.server.ui.UiRoutes`): every path below starts with `/p/` or is `/signin`.
 */
export const routes: RouteObject[] = [
  { path: "/", element: <Home /> },
  { path: "/signin", element: <SignInPage /> },
  {
    path: "/p/:project",
    element: <ProjectRoute />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <TracesPage /> },
          { path: "traces", element: <TracesPage /> },
          { path: "traces/:traceId", element: <TraceDetailPage /> },
          { path: "sessions", element: <SessionsPage /> },
          { path: "sessions/:sessionId", element: <SessionPage /> },
          { path: "runs", element: <RunsPage /> },
          { path: "runs/compare", element: <RunComparePage /> },
          { path: "runs/:runId", element: <RunPage /> },
          { path: "datasets", element: <DatasetsPage /> },
          { path: "datasets/:name", element: <DatasetPage /> },
          { path: "evaluations", element: <EvaluationsPage /> },
          { path: "evaluations/compare", element: <EvaluationComparePage /> },
          { path: "evaluations/leaderboard", element: <LeaderboardPage /> },
          { path: "evaluations/:evaluationId", element: <EvaluationPage /> },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
  { path: "*", element: <NotFoundPage /> },
];
