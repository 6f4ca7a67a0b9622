/**
 * API keys the browser remembers, one per project (a Weft key belongs to exactly one project).
 * Stored in localStorage so a shared link opens directly once the project's key is known.
 */
export interface Keyring {
  /** project name → API key */
  keys: Record<string, string>;
  /** the project opened last, for `/` */
  last?: string;
}

const STORAGE_KEY = "weft.keyring";

export function loadKeyring(storage: Storage = localStorage): Keyring {
  try {
    const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null");
    if (parsed && typeof parsed === "object" && parsed.keys && typeof parsed.keys === "object") {
      return { keys: { ...parsed.keys }, last: typeof parsed.last === "string" ? parsed.last : undefined };
    }
  } catch {
    // a corrupt entry is treated as no keys: the user signs in again
  }
  return { keys: {} };
}

export function saveKeyring(ring: Keyring, storage: Storage = localStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(ring));
}

export function withKey(ring: Keyring, project: string, key: string): Keyring {
  return { keys: { ...ring.keys, [project]: key }, last: project };
}

export function withoutProject(ring: Keyring, project: string): Keyring {
  const keys = { ...ring.keys };
  delete keys[project];
  const last = ring.last === project ? Object.keys(keys)[0] : ring.last;
  return { keys, last };
}
