import { useContext, useEffect, useState } from 'preact/hooks';
import { UnauthorizedError } from '../api/api-client';
import { SessionContext } from './session-context';

export type Loaded<T> =
  | { status: 'loading'; previous?: T }
  | { status: 'error'; error: Error }
  | { status: 'ready'; data: T };

/**
 * Runs `load` whenever `key` changes and aborts the run it replaces, so a
 * slow response for old filters never overwrites a newer one. A 401 ends the
 * session, which shows the login again.
 */
export function useLoad<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
): Loaded<T> {
  const session = useContext(SessionContext);
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({
      status: 'loading',
      previous: current.status === 'ready' ? current.data : undefined,
    }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ready', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof UnauthorizedError) {
          session.expire();
          return;
        }
        setState({
          status: 'error',
          error: error instanceof Error ? error : new Error(String(error)),
        });
      },
    );

    return () => controller.abort();
    // `load` is a new closure on every render, so `key`, which names what
    // it loads, decides when to run it again.
  }, [key]);

  return state;
}
