/** Turning what `storage.local` holds into a whole StoredState. */
import { INITIAL_STATE, type StateKey, type StoredState } from '../state';

export const STATE_KEYS = Object.keys(INITIAL_STATE) as StateKey[];

function isStateKey(key: string): key is StateKey {
  return (STATE_KEYS as string[]).includes(key);
}

/** Keys the worker has not written yet (or removed) take their INITIAL_STATE value. */
export function storedStateFrom(raw: Record<string, unknown>): StoredState {
  const state: Record<string, unknown> = { ...INITIAL_STATE };
  for (const key of STATE_KEYS) {
    if (raw[key] !== undefined) state[key] = raw[key];
  }
  return state as unknown as StoredState;
}

/** A `storage.onChanged` payload as a patch; a removed key goes back to its initial value. */
export function patchFromChanges(changes: Record<string, { newValue?: unknown }>): Partial<StoredState> {
  const patch: Record<string, unknown> = {};
  for (const [key, change] of Object.entries(changes)) {
    if (!isStateKey(key)) continue;
    patch[key] = change.newValue === undefined ? INITIAL_STATE[key] : change.newValue;
  }
  return patch as Partial<StoredState>;
}

/** The shape every worker reply must have; anything else is reported as an error. */
export function asReply(raw: unknown): { ok: true } | { ok: false; error: string } {
  if (typeof raw === 'object' && raw !== null && 'ok' in raw) {
    const r = raw as { ok: unknown; error?: unknown };
    if (r.ok === true) return { ok: true };
    if (r.ok === false) return { ok: false, error: typeof r.error === 'string' ? r.error : 'unknown' };
  }
  return { ok: false, error: 'no-reply' };
}
