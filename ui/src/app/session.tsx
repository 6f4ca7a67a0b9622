import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { createWeftClient, type WeftClient } from "../api/client";
import { loadKeyring, saveKeyring, withKey, withoutProject, type Keyring } from "./keyring";

interface SessionValue {
  ring: Keyring;
  signIn(project: string, key: string): void;
  signOut(project: string): void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Holds the remembered keys; pages get a client for their project through {@link useProjectApi}. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [ring, setRing] = useState<Keyring>(() => loadKeyring());
  const signIn = useCallback((project: string, key: string) => {
    setRing((current) => {
      const next = withKey(current, project, key);
      saveKeyring(next);
      return next;
    });
  }, []);
  const signOut = useCallback((project: string) => {
    setRing((current) => {
      const next = withoutProject(current, project);
      saveKeyring(next);
      return next;
    });
  }, []);
  const value = useMemo(() => ({ ring, signIn, signOut }), [ring, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

const ProjectContext = createContext<{ project: string; api: WeftClient } | null>(null);

/** Provides the current project and a client carrying its key to the pages below it. */
export function ProjectProvider({ project, apiKey, children }: { project: string; apiKey: string; children: ReactNode }) {
  const value = useMemo(() => ({ project, api: createWeftClient(apiKey) }), [project, apiKey]);
  return <ProjectContext.Provider value={value}>{children}</ProjectContext.Provider>;
}

/** The project of the current URL and a typed API client for it. */
export function useProjectApi(): { project: string; api: WeftClient } {
  const value = useContext(ProjectContext);
  if (!value) throw new Error("useProjectApi outside a project route");
  return value;
}
