import { useEffect, useState } from "preact/hooks";
import { ApiError, setCsrf } from "../api.ts";
import { field, type SignedIn } from "./field-api.ts";

/**
 * The signed-in person, shared by every screen: undefined while the server is asked (once, on the
 * first screen that needs it), null when nobody is signed in. Signing in or out tells every screen.
 */
let current: SignedIn | null | undefined;
let asking: Promise<void> | null = null;
const listeners = new Set<(session: SignedIn | null | undefined) => void>();

function set(session: SignedIn | null): void {
  current = session;
  setCsrf(session?.csrf ?? null);
  for (const listener of listeners) listener(session);
}

function ask(): void {
  asking ??= field.me().then(
    (session) => set(session),
    (error: unknown) => {
      // 401: nobody signed in. Anything else (offline): nobody either, and sign-in will say why.
      if (!(error instanceof ApiError) || error.code !== "BRECHA_UNAUTHORIZED") asking = null;
      set(null);
    },
  );
}

export async function signIn(username: string, password: string): Promise<void> {
  set(await field.signIn(username, password));
}

export async function signOut(): Promise<void> {
  try {
    await field.signOut();
  } finally {
    set(null);
  }
}

export function useSession(): SignedIn | null | undefined {
  const [session, setSession] = useState(current);
  useEffect(() => {
    listeners.add(setSession);
    if (current === undefined) ask();
    else setSession(current);
    return () => {
      listeners.delete(setSession);
    };
  }, []);
  return session;
}

/** Whether the person may plan (national planners and administrators): their session then
 * replaces the API key in the planning tab. */
export const plansBySession = (session: SignedIn | null | undefined): boolean =>
  session?.account.role === "planner" || session?.account.role === "admin";
