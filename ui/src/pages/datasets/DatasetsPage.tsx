import { Link, useSearchParams } from "react-router";
import { useQueries, useQuery } from "@tanstack/react-query";
import { unwrap } from "../../api/client";
import { useProjectApi } from "../../app/session";
import { Empty, QueryView } from "../../components/States";
import { formatTime } from "../../components/format";

/** Every dataset of the project with its latest version; `?q=` filters by name or description. */
export function DatasetsPage() {
  const { project, api } = useProjectApi();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const p = encodeURIComponent(project);
  const list = useQuery({
    queryKey: [project, "datasets"],
    queryFn: () => unwrap(api.GET("/api/v1/projects/{project}/datasets", { params: { path: { project } } })),
  });
  // The list does not carry row counts: read each latest version (one small request per dataset).
  const withVersions = (list.data ?? []).filter((d) => d.latestVersion != null);
  const latest = useQueries({
    queries: withVersions.map((d) => ({
      queryKey: [project, "dataset", d.name, "version", String(d.latestVersion)],
      queryFn: () =>
        unwrap(
          api.GET("/api/v1/projects/{project}/datasets/{name}/versions/{ref}", {
            params: { path: { project, name: d.name, ref: String(d.latestVersion) } },
          }),
        ),
      staleTime: 60_000,
    })),
  });
  const latestOf = new Map(withVersions.map((d, i) => [d.name, latest[i]?.data]));

  return (
    <div>
      <h1>Datasets</h1>
      <div className="toolbar">
        <label>
          Find
          <input
            type="search"
            data-testid="filter-q"
            placeholder="name or description"
            value={q}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set("q", e.target.value);
              else next.delete("q");
              setParams(next, { replace: true });
            }}
          />
        </label>
      </div>
      <QueryView query={list} label="Loading datasets…">
        {(datasets) => {
          const needle = q.toLowerCase();
          const shown = datasets.filter((d) => !needle || d.name.toLowerCase().includes(needle) || (d.description ?? "").toLowerCase().includes(needle));
          if (datasets.length === 0) {
            return (
              <Empty title="No datasets yet">
                Create one: <code>POST /api/v1/projects/{project}/datasets</code> with <code>{'{"name":"qa"}'}</code>, then upload JSONL to{" "}
                <code>…/datasets/qa/import</code> (or <code>DatasetClient.importJsonl</code> from Java; see docs/datasets.md).
              </Empty>
            );
          }
          if (shown.length === 0) return <Empty title={`No dataset matches “${q}”`} />;
          return (
            <table className="grid">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Description</th>
                  <th className="num">Latest version</th>
                  <th className="num">Rows</th>
                  <th>Updated</th>
                  <th>Tags</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((d) => {
                  const v = latestOf.get(d.name);
                  const tags = Object.entries(d.tags ?? {}).sort((a, b) => b[1] - a[1]);
                  return (
                    <tr key={d.name} data-testid="dataset-row">
                      <td>
                        <Link to={`/p/${p}/datasets/${encodeURIComponent(d.name)}`}>{d.name}</Link>
                      </td>
                      <td className="wrap">{d.description ?? <span className="muted">–</span>}</td>
                      <td className="num">{d.latestVersion != null ? `v${d.latestVersion}` : <span className="muted">no versions</span>}</td>
                      <td className="num">{d.latestVersion == null ? 0 : v ? v.rowCount : "…"}</td>
                      <td>{formatTime(v?.createdAt ?? d.createdAt)}</td>
                      <td>
                        {tags.map(([tag, n]) => (
                          <span key={tag} className="badge" title={`${tag} → v${n}`}>
                            {tag} → v{n}
                          </span>
                        ))}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          );
        }}
      </QueryView>
    </div>
  );
}
