import { useEffect, useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { createWeftClient, unwrap } from "../api/client";
import { useSession } from "../app/session";

/**
 * Sign-in with an API key: the server says which project the key belongs to (`/auth/whoami`),
 * and the key is remembered for that project.
 */
export function SignInPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(params.get("reason"));
  const [busy, setBusy] = useState(false);

  // A server started with WEFT_AUTH_ENABLED=false needs no key: open its project directly.
  useEffect(() => {
    let cancelled = false;
    createWeftClient("")
      .GET("/api/v1/auth/whoami")
      .then(({ data }) => {
        if (!cancelled && data && data.authEnabled === false) {
          signIn(data.project, "");
          navigate(`/p/${encodeURIComponent(data.project)}/traces`, { replace: true });
        }
      })
      .catch(() => {
        // the server is unreachable or wants a key: the form below says what to do
      });
    return () => {
      cancelled = true;
    };
  }, [signIn, navigate]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await unwrap(createWeftClient(key.trim()).GET("/api/v1/auth/whoami"));
      signIn(me.project, key.trim());
      const next = params.get("next");
      navigate(next && next.startsWith(`/p/${me.project}/`) ? next : `/p/${encodeURIComponent(me.project)}/traces`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const wanted = params.get("project");
  return (
    <main className="signin">
      <form onSubmit={submit} className="card">
        <h1>Weft</h1>
        <p>
          Sign in with an API key{wanted ? ` for project “${wanted}”` : ""}. The server printed an admin key on its
          first start; keys with the <code>read</code> scope are enough to browse.
        </p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          autoFocus
          placeholder="weft_…"
          value={key}
          onChange={(e) => setKey(e.target.value)}
        />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
