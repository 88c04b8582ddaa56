// @vitest-environment happy-dom
/**
 * Fault catalogue, damaged storage as the popup meets it: the popup reads storage.local before the
 * worker had a chance to repair it (the worker may be stopped). It must still render, and show
 * what the worker will make of that storage, never garbage as figures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Popup } from '../../../src/popup/Popup';
import { SCHEMA_VERSION } from '../../../src/state';
import { storedStateFrom } from '../../../src/ui/stored-state';
import { byTestId, FakePort, fakeServices, hasButton, mount } from '../ui/fake-port';
import { freeStatus } from '../ui/statuses';

afterEach(() => document.body.replaceChildren());

async function openOn(raw: Record<string, unknown>) {
  const port = new FakePort(storedStateFrom(raw));
  return mount(<Popup initial={port.state} />, fakeServices(port));
}

describe('popup on damaged storage', () => {
  it('junk in every key: renders the sign-in view instead of crashing', async () => {
    const root = await openOn({
      schemaVersion: SCHEMA_VERSION,
      credentialSource: 'options',
      session: { state: 'signed-in', account: 7 },
      status: 'garbage',
      settings: { pollIntervalMinutes: 'often' },
      lastAttempt: [1, 2, 3],
      refreshing: 'yes',
    });
    byTestId(root, 'signed-out');
    expect(hasButton(root, 'Sign in with Flickr')).toBe(true);
  });

  it('figures of the wrong shape are not shown; the account is', async () => {
    const root = await openOn({
      schemaVersion: SCHEMA_VERSION,
      credentialSource: 'options',
      session: { state: 'signed-in', account: { nsid: '1@N01', username: 'Bees', fullname: '' } },
      status: { value: { nsid: '1@N01', bandwidth: 'lots' }, fetchedAt: 'yesterday' },
    });
    expect(byTestId(root, 'username').textContent).toBe('Bees');
    byTestId(root, 'no-figures');
  });

  it('an older version (no schemaVersion) shows its figures as they are', async () => {
    const status = freeStatus(990);
    const root = await openOn({
      credentialSource: 'options',
      session: { state: 'signed-in', account: { nsid: status.nsid, username: 'Bees', fullname: '' } },
      status: { value: status, fetchedAt: Date.now() },
    });
    expect(root.textContent).toContain('990 of 1,000 used, 10 left');
  });

  it('a refresh in flight still shows as busy', () => {
    expect(storedStateFrom({ refreshing: true }).refreshing).toBe(true);
  });
});
