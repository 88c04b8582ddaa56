import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { Reply, Request } from '../messages';
import type { StoredState } from '../state';
import type { ExtensionPort } from './services';

/**
 * The stored state, kept current through `storage.onChanged`. Starts from what was loaded. Listens
 * from the first render on (a layout effect runs inside `render`), so a change the worker writes
 * in answer to the page's first message is never missed.
 */
export function useStoredState(port: ExtensionPort, initial: StoredState): StoredState {
  const [state, setState] = useState(initial);
  useLayoutEffect(() => port.watchState((patch) => setState((s) => ({ ...s, ...patch }))), [port]);
  return state;
}

/** The current time, re-read every `intervalMs` so ages ("5 minutes ago") stay true. */
export function useNow(now: () => number, intervalMs = 30_000): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const id = setInterval(() => setTime(now()), intervalMs);
    return () => clearInterval(id);
  }, [now, intervalMs]);
  return time;
}

/** Milliseconds to wait for `ping` before telling the user the background is not running. */
export const PING_TIMEOUT_MS = 2000;

/** Resolves to `fallback` when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(fallback);
      },
    );
  });
}

/** Sends one kind of request and remembers whether it is in flight and what came back. */
export function useRequest(port: ExtensionPort) {
  const [pending, setPending] = useState(false);
  const [reply, setReply] = useState<Reply | null>(null);
  const run = async (request: Request): Promise<Reply> => {
    setPending(true);
    setReply(null);
    const answer = await port.send(request);
    setPending(false);
    setReply(answer);
    return answer;
  };
  return { pending, reply, run };
}
