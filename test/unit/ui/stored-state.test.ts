// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { INITIAL_STATE } from '../../../src/state';
import { asReply, patchFromChanges, STATE_KEYS, storedStateFrom } from '../../../src/ui/stored-state';

describe('stored state for the pages', () => {
  it('reads every StoredState key and fills missing ones from INITIAL_STATE', () => {
    expect(STATE_KEYS).toEqual(expect.arrayContaining(['settings', 'session', 'status', 'refreshing', 'schemaVersion']));
    const state = storedStateFrom({ credentialSource: 'options', refreshing: true, schedule: { callLog: [] } });
    expect(state).toEqual({ ...INITIAL_STATE, credentialSource: 'options', refreshing: true });
    expect(state).not.toHaveProperty('schedule');
  });

  it('turns onChanged into a patch; a removed key goes back to its initial value; other keys ignored', () => {
    const patch = patchFromChanges({
      refreshing: { newValue: true },
      status: {},
      schedule: { newValue: { callLog: [1] } },
    });
    expect(patch).toEqual({ refreshing: true, status: null });
  });

  it('accepts only well-formed replies', () => {
    expect(asReply({ ok: true })).toEqual({ ok: true });
    expect(asReply({ ok: false, error: 'refused' })).toEqual({ ok: false, error: 'refused' });
    expect(asReply({ ok: false })).toEqual({ ok: false, error: 'unknown' });
    expect(asReply(undefined)).toEqual({ ok: false, error: 'no-reply' });
    expect(asReply({ state: 'ready' })).toEqual({ ok: false, error: 'no-reply' });
  });
});
