// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'preact/test-utils';
import { Options } from '../../../src/options/Options';
import { startOptions } from '../../../src/options/start';
import type { Reply } from '../../../src/messages';
import type { StoredState } from '../../../src/state';
import {
  buttonNamed,
  byTestId,
  click,
  FakePort,
  fakeServices,
  hasButton,
  inputLabelled,
  mount,
  settle,
  text,
  type,
} from '../ui/fake-port';

async function open(state: Partial<StoredState> = {}, port = new FakePort(state)) {
  const root = await mount(<Options initial={port.state} />, fakeServices(port));
  await settle();
  return { port, root };
}

function within(root: HTMLElement, testId: string): HTMLElement {
  return byTestId(root, testId);
}

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('options: API key', () => {
  it('has inputs labelled exactly "API key" and "API secret"; the secret is a password, never filled', async () => {
    const { root } = await open({ credentialSource: 'options' });
    const key = inputLabelled(root, 'API key');
    const secret = inputLabelled(root, 'API secret');
    expect(key.type).toBe('text');
    expect(secret.type).toBe('password');
    expect(key.value).toBe('');
    expect(secret.value).toBe('');
    expect(text(root, 'credential-source')).toMatch(/^A secret is saved\./);
  });

  it('says when the built-in key is in use, and offers no Remove then', async () => {
    const { root } = await open({ credentialSource: 'build' });
    expect(text(root, 'credential-source')).toMatch(/^Using the key built into this extension\./);
    expect(hasButton(within(root, 'credentials-form'), 'Remove')).toBe(false);
  });

  it('explains where to get a key and where the secret lives', async () => {
    const { root } = await open({ credentialSource: 'none' });
    const link = byTestId<HTMLAnchorElement>(root, 'create-key-link');
    expect(link.getAttribute('href')).toBe('https://www.flickr.com/services/apps/create/');
    expect(link.target).toBe('_blank');
    expect(root.textContent).toMatch(/non-commercial key/);
    expect(root.textContent).toMatch(/Pro account/);
    expect(root.textContent).toMatch(/callback URL is not needed/);
    expect(root.textContent).toMatch(/stored inside this extension only/);
  });

  it('Save sends credentials/save with the trimmed values, shows the reply and clears the fields', async () => {
    const { port, root } = await open({ credentialSource: 'build' });
    await type(inputLabelled(root, 'API key'), ' 0123456789abcdef0123456789abcdef ');
    await type(inputLabelled(root, 'API secret'), 'fedcba9876543210');
    await click(buttonNamed(within(root, 'credentials-form'), 'Save'));
    expect(port.sent).toEqual([
      { type: 'ping' },
      { type: 'credentials/save', key: '0123456789abcdef0123456789abcdef', secret: 'fedcba9876543210' },
    ]);
    expect(text(root, 'credentials-outcome')).toMatch(/^Saved\./);
    expect(inputLabelled(root, 'API secret').value).toBe('');
    expect(inputLabelled(root, 'API key').value).toBe('');
  });

  it('does not send an incomplete key; marks the empty field', async () => {
    const { port, root } = await open({ credentialSource: 'none' });
    await type(inputLabelled(root, 'API key'), 'abc');
    await click(buttonNamed(within(root, 'credentials-form'), 'Save'));
    expect(port.sentTypes()).toEqual(['ping']);
    const secret = inputLabelled(root, 'API secret');
    expect(secret.getAttribute('aria-invalid')).toBe('true');
    const describedBy = secret.getAttribute('aria-describedby') ?? '';
    expect(root.querySelector(`#${describedBy}`)?.textContent).toBe('Enter the API secret.');
    expect(inputLabelled(root, 'API key').hasAttribute('aria-invalid')).toBe(false);
  });

  it('shows the worker refusing the key', async () => {
    const port = new FakePort({ credentialSource: 'build' });
    port.answers.set('credentials/save', { ok: false, error: 'invalid-request' });
    const { root } = await open({}, port);
    await type(inputLabelled(root, 'API key'), 'k');
    await type(inputLabelled(root, 'API secret'), 's');
    await click(buttonNamed(within(root, 'credentials-form'), 'Save'));
    expect(text(root, 'credentials-outcome')).toBe('Could not save: invalid-request');
    expect(inputLabelled(root, 'API secret').value).toBe('s');
  });

  it('Remove sends credentials/clear', async () => {
    const { port, root } = await open({ credentialSource: 'options' });
    await click(buttonNamed(within(root, 'credentials-form'), 'Remove'));
    expect(port.sentTypes()).toEqual(['ping', 'credentials/clear']);
    expect(text(root, 'credentials-outcome')).toBe('Removed your key and secret.');
  });

  it('the source line follows storage', async () => {
    const { port, root } = await open({ credentialSource: 'build' });
    await act(() => port.write({ credentialSource: 'options' }));
    expect(text(root, 'credential-source')).toMatch(/^A secret is saved\./);
    expect(hasButton(within(root, 'credentials-form'), 'Remove')).toBe(true);
  });
});

describe('options: checking and thresholds', () => {
  const settings = { pollIntervalMinutes: 120, amberPercent: 30, redPercent: 5, notifications: false };

  it('fills the fields from the stored settings, with the bounds on the inputs', async () => {
    const { root } = await open({ settings });
    const poll = inputLabelled(root, 'Longest wait between checks (minutes)');
    expect(poll.value).toBe('120');
    expect(poll.type).toBe('number');
    expect(poll.min).toBe('15');
    expect(poll.max).toBe('1440');
    expect(inputLabelled(root, 'Badge turns amber at (% left)').value).toBe('30');
    expect(inputLabelled(root, 'Badge turns red at (% left)').value).toBe('5');
  });

  it('Save sends settings/save with numbers', async () => {
    const { port, root } = await open({ settings });
    await type(inputLabelled(root, 'Longest wait between checks (minutes)'), '45');
    await type(inputLabelled(root, 'Badge turns red at (% left)'), '12');
    await click(buttonNamed(within(root, 'settings-form'), 'Save'));
    expect(port.sent.at(-1)).toEqual({
      type: 'settings/save',
      settings: { pollIntervalMinutes: 45, amberPercent: 30, redPercent: 12 },
    });
    expect(text(root, 'settings-outcome')).toBe('Settings saved.');
  });

  it('refuses red not below amber, and sends nothing', async () => {
    const { port, root } = await open({ settings });
    await type(inputLabelled(root, 'Badge turns red at (% left)'), '30');
    await click(buttonNamed(within(root, 'settings-form'), 'Save'));
    expect(port.sentTypes()).toEqual(['ping']);
    const red = inputLabelled(root, 'Badge turns red at (% left)');
    expect(red.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#red-percent-error')?.textContent).toBe(
      'The red threshold must be lower than the amber threshold.',
    );
    expect(red.getAttribute('aria-describedby')).toContain('red-percent-error');
  });

  it('refuses a poll interval out of bounds', async () => {
    const { port, root } = await open({ settings });
    await type(inputLabelled(root, 'Longest wait between checks (minutes)'), '5');
    await click(buttonNamed(within(root, 'settings-form'), 'Save'));
    expect(port.sentTypes()).toEqual(['ping']);
    expect(root.querySelector('#poll-interval-error')?.textContent).toBe(
      'Enter a whole number of minutes from 15 to 1,440.',
    );
  });

  it('follows settings saved elsewhere until the user edits', async () => {
    const { port, root } = await open({ settings });
    await act(() => port.write({ settings: { ...settings, pollIntervalMinutes: 200 } }));
    expect(inputLabelled(root, 'Longest wait between checks (minutes)').value).toBe('200');
    await type(inputLabelled(root, 'Badge turns amber at (% left)'), '40');
    await act(() => port.write({ settings: { ...settings, pollIntervalMinutes: 300 } }));
    expect(inputLabelled(root, 'Longest wait between checks (minutes)').value).toBe('200');
    expect(inputLabelled(root, 'Badge turns amber at (% left)').value).toBe('40');
  });
});

describe('options: notifications', () => {
  const checkbox = (root: HTMLElement) => inputLabelled(root, 'Notify me when a limit is near');

  it('asks for the permission first and saves notifications: true when granted', async () => {
    const { port, root } = await open();
    expect(checkbox(root).checked).toBe(false);
    await click(checkbox(root));
    expect(port.permissionRequests).toEqual(['notifications']);
    expect(port.sent.at(-1)).toEqual({ type: 'settings/save', settings: { notifications: true } });
    expect(checkbox(root).checked).toBe(true);
  });

  it('saves nothing and stays off when the permission is refused', async () => {
    const port = new FakePort();
    port.permissionAnswer = false;
    const { root } = await open({}, port);
    await click(checkbox(root));
    expect(port.permissionRequests).toEqual(['notifications']);
    expect(port.sentTypes()).toEqual(['ping']);
    expect(checkbox(root).checked).toBe(false);
    expect(text(root, 'notifications-outcome')).toBe('Notifications were not allowed, so they stay off.');
  });

  it('turning it off saves false without asking', async () => {
    const { port, root } = await open({
      settings: { pollIntervalMinutes: 360, amberPercent: 25, redPercent: 10, notifications: true },
    });
    expect(checkbox(root).checked).toBe(true);
    await click(checkbox(root));
    expect(port.permissionRequests).toEqual([]);
    expect(port.sent.at(-1)).toEqual({ type: 'settings/save', settings: { notifications: false } });
  });
});

describe('options: account', () => {
  const account = { nsid: '1@N00', username: 'jane_pro', fullname: '' };

  it('Sign out when signed in, then the revoke link', async () => {
    const port = new FakePort({ session: { state: 'signed-in', account } });
    port.answers.set('sign-out', async () => {
      port.write({ session: { state: 'signed-out' } });
      return { ok: true };
    });
    const { root } = await open({}, port);
    expect(text(root, 'signed-in-as')).toBe('Signed in as jane_pro.');
    await click(buttonNamed(root, 'Sign out'));
    expect(port.sentTypes()).toEqual(['ping', 'sign-out']);
    expect(byTestId(root, 'not-signed-in')).toBeTruthy();
    expect(byTestId<HTMLAnchorElement>(root, 'revoke-link').getAttribute('href')).toBe(
      'https://www.flickr.com/services/auth/list.gne',
    );
  });

  it('no Sign out button when signed out', async () => {
    const { root } = await open();
    expect(hasButton(root, 'Sign out')).toBe(false);
  });
});

describe('options: background check', () => {
  it('pings on load and says nothing when the worker answers', async () => {
    const { port, root } = await open();
    expect(port.sentTypes()).toEqual(['ping']);
    expect(root.querySelector('[data-testid="background-down"]')).toBeNull();
  });

  it('warns when the ping gets no reply within 2 seconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const port = new FakePort();
    port.answers.set('ping', () => new Promise<Reply>(() => {}));
    const root = await mount(<Options initial={port.state} />, fakeServices(port));
    await act(() => {
      vi.advanceTimersByTime(1900);
    });
    expect(root.querySelector('[data-testid="background-down"]')).toBeNull();
    await act(async () => {
      vi.advanceTimersByTime(200);
      await Promise.resolve();
    });
    const alert = byTestId(root, 'background-down');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe("The extension's background did not respond; reload the extension.");
  });

  it('warns when the ping fails outright', async () => {
    const port = new FakePort();
    port.answers.set('ping', { ok: false, error: 'Could not establish connection. Receiving end does not exist.' });
    const { root } = await open({}, port);
    expect(byTestId(root, 'background-down')).toBeTruthy();
  });
});

describe('startOptions', () => {
  it('sets the language and title and renders', async () => {
    const port = new FakePort({ credentialSource: 'build' });
    const root = document.createElement('div');
    document.body.append(root);
    await startOptions(root, { ...fakeServices(port), lang: 'de' });
    expect(document.documentElement.lang).toBe('de');
    expect(document.title).toBe('Quota Badge for Flickr – Options');
    expect(root.querySelector('h1')?.textContent).toBe('Quota Badge for Flickr options');
  });
});
