// The one way a page loads what it shows: the request runs when the page opens and again
// when its inputs change or `reload()` is called; a request the page no longer wants (it
// left, or its inputs changed first) is aborted, and its answer or failure is ignored.
// `error` is the last failure (cleared when loading again); `data` keeps the last answer
// meanwhile, so a table does not blink on refresh.
import { useCallback, useEffect, useState, type DependencyList } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** Loads again with the same inputs (after a change the page made, or a retry). */
  reload: () => void;
}

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setData(value);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
    // `load` is a new function each render; the inputs it reads are `deps`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, reload };
}
