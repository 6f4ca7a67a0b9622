import { Navigate, Outlet, useLocation, useParams } from "react-router";
import { ProjectProvider, useSession } from "./session";

/** Opens a project's pages when its key is known; otherwise asks for the key, then comes back. */
export function ProjectRoute() {
  const { project = "" } = useParams();
  const { ring } = useSession();
  const location = useLocation();
  const key = ring.keys[project];
  if (key === undefined) {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin?project=${encodeURIComponent(project)}&next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <ProjectProvider project={project} apiKey={key}>
      <Outlet />
    </ProjectProvider>
  );
}

/** `/`: the last project, or sign-in. */
export function Home() {
  const { ring } = useSession();
  const project = ring.last && ring.keys[ring.last] !== undefined ? ring.last : Object.keys(ring.keys)[0];
  return <Navigate to={project ? `/p/${encodeURIComponent(project)}/traces` : "/signin"} replace />;
}
