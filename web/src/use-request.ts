import { useEffect, useState } from "preact/hooks";

export interface Loaded<T> {
  /** The latest answer, or null while none has come (or the request was dropped). */
  readonly data: T | null;
  readonly error: Error | null;
  readonly loading: boolean;
}

/**
 * Runs `load` whenever `deps` change and keeps its answer. The request before is aborted, so a
 * slow answer to an old view never overwrites the new one (fast switching between indicators or
 * areas used to race). When `load` returns null instead of a promise, the view needs nothing:
 * the data is cleared.
 *
 * `keep`: the old data stays on screen while the new request runs (the map keeps its areas
 * instead of going blank). `refresh`: a change asks again although `deps` did not change (after
 * a write that changes the answer: a request filed, a vote counted).
 */
export function useRequest<T>(
  load: (signal: AbortSignal) => Promise<T> | null,
  deps: readonly unknown[],
  { keep = false, refresh = 0 }: { keep?: boolean; refresh?: number | string } = {},
): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    const controller = new AbortController();
    const request = load(controller.signal);
    if (!request) {
      setState({ data: null, error: null, loading: false });
      return;
    }
    setState((before) => ({ data: keep ? before.data : null, error: null, loading: true }));
    request.then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({
            data: null,
            error: error instanceof Error ? error : new Error(String(error)),
            loading: false,
          });
      },
    );
    return () => controller.abort();
    // The caller's deps decide when to ask again: `load` is a new closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, refresh]);
  return state;
}
