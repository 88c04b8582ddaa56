/** Turning what `storage.local` holds into a whole StoredState. */
import { sanitizeState } from '../background/schema';
import { INITIAL_STATE, type StateKey, type StoredState } from '../state';

export const STATE_KEYS = Object.keys(INITIAL_STATE) as StateKey[];

function isStateKey(key: string): key is StateKey {
  return (STATE_KEYS as string[]).includes(key);
}

/**
 * Keys the worker has not written yet (or removed) take their INITIAL_STATE value. Read the way
 * the worker reads it (background/schema.ts): damaged or older storage, seen before a stopped
 * worker could repair it, is shown as the worker will repair it, never rendered as it is.
 */
export function storedStateFrom(raw: Record<string, unknown>): StoredState {
  const known: Record<string, unknown> = {};
  for (const key of STATE_KEYS) {
    if (raw[key] !== undefined) known[key] = raw[key];
  }
  // sanitizeState describes a worker just starting, where nothing is refreshing; pages show the flag.
  return { ...sanitizeState(known).state, refreshing: known.refreshing === true };
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
