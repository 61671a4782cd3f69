import { useEffect, useState } from "preact/hooks";

/**
 * Whether what is on screen came from the service worker's copy because the network failed, and
 * when that copy was saved. Set by every API answer (api.ts), read by the banner.
 */
let savedAt: string | null = null;
const listeners = new Set<(savedAt: string | null) => void>();

export function noteAnswer(response: Response): void {
  const next =
    response.headers.get("x-brecha-offline") === "1"
      ? (response.headers.get("x-brecha-saved-at") ?? "")
      : null;
  if (next === savedAt) return;
  savedAt = next;
  for (const listener of listeners) listener(savedAt);
}

/** The time the shown data was saved when it is an offline copy ("" if unknown), else null. */
export function useOfflineCopy(): string | null {
  const [value, setValue] = useState(savedAt);
  useEffect(() => {
    listeners.add(setValue);
    return () => {
      listeners.delete(setValue);
    };
  }, []);
  return value;
}

/** Keeps the map and the last data for visits without a connection (served over HTTP(S) only). */
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  // After the first view is drawn: the worker must not compete with it for the link.
  addEventListener("load", () => {
    navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch(() => undefined);
  });
}
