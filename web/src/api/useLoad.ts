// The one way a page loads what it shows: the request runs when the page opens and again
// when its inputs change or `reload()` is called; a request the page no longer wants (it
// left, or its inputs changed first) is aborted, and its answer or failure is ignored.
// `error` is the last failure (cleared when loading again); `data` keeps the last answer
// meanwhile, so a table does not blink on refresh — or, with `{ keep: 'reload' }`, only across
// `reload()`: a page showing one record forgets it when it turns to another. An action that
// answers with the record as it now is hands it to `set()` instead of loading it again.
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Loaded<T> {
  data: T | null;
  error: unknown;
  /** A request is under way (the first, or one for new inputs, or a reload). */
  loading: boolean;
  /** Loads again with the same inputs (after a change the page made, or a retry). */
  reload: () => void;
  /** Shows a newer answer the page got otherwise (an action's response) until the next load. */
  set: (value: T) => void;
}

export interface LoadOptions {
  /** When the last answer still shows while loading: on every load (default) or only on `reload()`. */
  keep?: 'always' | 'reload';
}

export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList, options: LoadOptions = {}): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const loadedAttempt = useRef(attempt);
  const forgetOnChange = options.keep === 'reload';
  useEffect(() => {
    // Same attempt, so the inputs changed (or the page just opened).
    if (forgetOnChange && loadedAttempt.current === attempt) setData(null);
    loadedAttempt.current = attempt;
    const controller = new AbortController();
    setError(null);
    setLoading(true);
    load(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setLoading(false);
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
    // `load` is a new function each render; the inputs it reads are `deps`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { data, error, loading, reload, set: setData };
}
