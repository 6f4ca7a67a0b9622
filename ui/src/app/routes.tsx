import type { RouteObject } from "react-router";
import { Layout } from "./Layout";
import { Home, ProjectRoute } from "./ProjectRoute";
import { SignInPage } from "../pages/SignInPage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { TracesPage } from "../pages/traces/TracesPage";
import { TraceDetailPage } from "../pages/traces/TraceDetailPage";
import { lazy, Suspense, type ComponentType } from "react";
import { Loading } from "../components/States";

/**
 * A page loaded on first use: the traces pages, where most visits start, are in the main bundle;
 * the others (and uPlot with the runs pages) are fetched when opened, so they never slow the
 * first paint of a trace.
 */
function lazyPage(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return (
    <Suspense fallback={<Loading label="Loading page…" />}>
      <Page />
    </Suspense>
  );
}

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
          { path: "sessions", element: lazyPage(() => import("../pages/sessions/SessionsPage").then((m) => m.SessionsPage)) },
          { path: "sessions/:sessionId", element: lazyPage(() => import("../pages/sessions/SessionPage").then((m) => m.SessionPage)) },
          { path: "runs", element: lazyPage(() => import("../pages/runs/RunsPage").then((m) => m.RunsPage)) },
          { path: "runs/compare", element: lazyPage(() => import("../pages/runs/RunComparePage").then((m) => m.RunComparePage)) },
          { path: "runs/:runId", element: lazyPage(() => import("../pages/runs/RunPage").then((m) => m.RunPage)) },
          { path: "datasets", element: lazyPage(() => import("../pages/datasets/DatasetsPage").then((m) => m.DatasetsPage)) },
          { path: "datasets/:name", element: lazyPage(() => import("../pages/datasets/DatasetPage").then((m) => m.DatasetPage)) },
          { path: "evaluations", element: lazyPage(() => import("../pages/evaluations/EvaluationsPage").then((m) => m.EvaluationsPage)) },
          { path: "evaluations/compare", element: lazyPage(() => import("../pages/evaluations/EvaluationComparePage").then((m) => m.EvaluationComparePage)) },
          { path: "evaluations/leaderboard", element: lazyPage(() => import("../pages/evaluations/LeaderboardPage").then((m) => m.LeaderboardPage)) },
          { path: "evaluations/:evaluationId", element: lazyPage(() => import("../pages/evaluations/EvaluationPage").then((m) => m.EvaluationPage)) },
          { path: "settings", element: lazyPage(() => import("../pages/settings/SettingsPage").then((m) => m.SettingsPage)) },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
  { path: "*", element: <NotFoundPage /> },
];
