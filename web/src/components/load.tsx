// Loading data with words for each state: useLoad runs a request whenever its key changes, and
// LoadState shows "Loading …" or the error; Busy does the same for a user's action.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | null;
  error: string;
  loading: boolean;
  reload: () => void;
}

// Calls `load` when `key` changes (and on reload()); a slower, older answer never overwrites a
// newer one.
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: string; loading: boolean }>({
    data: null,
    error: '',
    loading: true,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true, error: '' }));
    load().then(
      (data) => current && setState({ data, error: '', loading: false }),
      (e: Error) => current && setState((s) => ({ ...s, error: e.message, loading: false })),
    );
    return () => {
      current = false;
    };
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

export function LoadState(props: { state: Loaded<unknown>; what: string }) {
  const { state, what } = props;
  if (state.error) {
    return (
      <p class="error" role="alert">
        Could not load {what}: {state.error}{' '}
        <button type="button" onClick={state.reload}>
          Retry
        </button>
      </p>
    );
  }
  if (state.loading) return <p class="progress" role="status">Loading {what}…</p>;
  return null;
}

// The state of one user action (save, scan, upload): its progress, its error, its outcome.
export interface Action {
  busy: string;
  error: string;
  done: string;
  run: (busy: string, work: () => Promise<string>) => Promise<void>;
}

export function useAction(): Action {
  const [state, setState] = useState({ busy: '', error: '', done: '' });
  const run = useCallback(async (busy: string, work: () => Promise<string>) => {
    setState({ busy, error: '', done: '' });
    try {
      const done = await work();
      setState({ busy: '', error: '', done });
    } catch (e) {
      setState({ busy: '', error: (e as Error).message, done: '' });
    }
  }, []);
  return { ...state, run };
}

export function ActionState(props: { action: Action }) {
  const { busy, error, done } = props.action;
  if (busy) return <p class="progress" role="status">{busy}…</p>;
  if (error) return <p class="error" role="alert">{error}</p>;
  if (done) return <p class="done" role="status">{done}</p>;
  return null;
}

export function Section(props: { title: string; children: ComponentChildren }) {
  return (
    <section class="card">
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}
