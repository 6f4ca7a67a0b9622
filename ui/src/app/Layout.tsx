import { NavLink, Outlet, useNavigate, useParams } from "react-router";
import { useSession } from "./session";

const SECTIONS = [
  ["traces", "Traces"],
  ["sessions", "Sessions"],
  ["runs", "Runs"],
  ["datasets", "Datasets"],
  ["evaluations", "Evaluations"],
  ["settings", "Settings"],
] as const;

/** Header with the sections of a project and the project switcher; pages render below it. */
export function Layout() {
  const { project = "" } = useParams();
  const { ring, signOut } = useSession();
  const navigate = useNavigate();
  const projects = Object.keys(ring.keys).sort();

  return (
    <div className="app">
      <header className="topbar">
        <NavLink to={`/p/${encodeURIComponent(project)}/traces`} className="brand">
          Weft
        </NavLink>
        <nav aria-label="Sections">
          {SECTIONS.map(([path, label]) => (
            <NavLink key={path} to={`/p/${encodeURIComponent(project)}/${path}`}>
              {label}
            </NavLink>
          ))}
        </nav>
        <div className="spacer" />
        <label className="project-switcher">
          <span>Project</span>
          <select
            aria-label="Project"
            value={project}
            onChange={(e) => {
              const value = e.target.value;
              navigate(value === "" ? "/signin" : `/p/${encodeURIComponent(value)}/traces`);
            }}
          >
            {projects.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            <option value="">Add a project key…</option>
          </select>
        </label>
        <button
          type="button"
          className="link"
          onClick={() => {
            signOut(project);
            navigate("/signin");
          }}
        >
          Sign out
        </button>
      </header>
      <main className="page">
        <Outlet />
      </main>
    </div>
  );
}
