import { useCallback, useEffect, useState } from 'preact/hooks';
import { messageOf } from './api.js';

export interface Polled<T> {
  data: T | undefined;
  error: string | undefined;
  /** Loads again now (after an action changed what is shown). */
  reload: () => void;
}

/**
 * Loads `load()` now and every `intervalMs` (0: once) while the component is shown, and again when `key`
 * changes. The last good data stays on screen while a later load fails.
 */
export function usePoll<T>(load: () => Promise<T>, key: string, intervalMs = 2000): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    setData(undefined);
    setError(undefined);
  }, [key]);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async (): Promise<void> => {
      try {
        const value = await load();
        if (!live) return;
        setData(value);
        setError(undefined);
      } catch (failure) {
        if (live) setError(messageOf(failure));
      }
      if (live && intervalMs > 0) timer = setTimeout(() => void run(), intervalMs);
    };
    void run();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `load` is a new closure on every render; `key` says when what it loads changes.
  }, [key, tick, intervalMs]);
  return { data, error, reload };
}
