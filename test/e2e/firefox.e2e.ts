/**
 * The product in headless Firefox ESR, the same scenarios as signin/popup/upload-warning.e2e.ts
 * in Chromium, driven over WebDriver BiDi (support/firefox-product.ts).
 *
 * Firefox differs in what a test can reach: the background page is no BiDi context (storage,
 * badge and alarms are read in an extension tab), a content script's world is not among BiDi's
 * realms, and the warning's closed shadow root is out of reach of page and sandbox scripts alike.
 * The warning is read the way a screen reader gets it: from the parent process's accessibility
 * tree (harness `axTree`), which flattens shadow roots in, closed ones too.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONSUMER, type ScenarioName } from '../emulator/server';
import type { AXNode } from './harness/firefox';
import { startFirefoxProduct, waitForText, type FirefoxProduct } from './support/firefox-product';
import { sparseFile } from './support/files';
import { until } from './support/product';

const MB = 1024 * 1024;
const PHOTO_LIMIT = 200 * MB; // free-near-limit: filesize maxbytes 209715200
const VIDEO_LIMIT = 1024 * MB;
const RED = [0xcf, 0x22, 0x2e];
const rgb = (b: { color: number[] }) => b.color.slice(0, 3);

/** The text of every node with `role` (its text leaves joined), like harness/cdp.ts findAlertTexts. */
function textsWithRole(tree: AXNode, role: string): string[] {
  const textOf = (node: AXNode): string =>
    node.role === 'text leaf' ? (node.name ?? '') : node.children.map(textOf).join(' ');
  const found: string[] = [];
  const visit = (node: AXNode): void => {
    if (node.role === role) found.push(textOf(node).replace(/\s+/g, ' ').trim());
    else node.children.forEach(visit);
  };
  visit(tree);
  return found;
}

function findNode(tree: AXNode, match: (node: AXNode) => boolean): AXNode | undefined {
  if (match(tree)) return tree;
  for (const child of tree.children) {
    const hit = findNode(child, match);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * Uncaught errors of the extension's own scripts (background, pages, content script) in
 * Firefox's output. Firefox's own parent-process code also logs "uncaught exception: Object"
 * for a cancelled launchWebAuthFlow (its idle-wait keeps the rejected promise unhandled): that
 * line names no moz-extension URL and is not ours.
 */
function extensionErrors(output: string): string[] {
  return output.split('\n').filter((line) => /^JavaScript error: moz-extension:\/\//.test(line) || line.includes('Quota Badge: start failed'));
}

describe('Firefox ESR: install, sign-in, popup and badge', () => {
  let product: FirefoxProduct;

  beforeAll(async () => {
    const started = Date.now();
    product = await startFirefoxProduct({ scenario: 'free-near-limit' });
    console.info(`Firefox ESR product start: ${Date.now() - started} ms ${JSON.stringify(product.fx.timings)}`);
  });
  afterAll(async () => {
    await product?.close();
  });

  const button = (popup: string, name: string) =>
    product.fx.waitFor(popup, `[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === ${JSON.stringify(name)})`);
  const testIdText = (page: string, id: string) =>
    product.fx.evaluate<string | null>(page, `document.querySelector('[data-testid=${id}]')?.textContent ?? null`);

  async function refreshTo(scenario: ScenarioName): Promise<string> {
    product.emulator.setScenario(scenario);
    const before = product.emulator.restCallCount('flickr.people.getUploadStatus');
    const popup = await product.openPopup();
    await button(popup, 'Refresh');
    await product.fx.click(popup, { role: 'button', name: 'Refresh' });
    await until('the refresh call', () => product.emulator.restCallCount('flickr.people.getUploadStatus') === before + 1);
    await until('the refresh to end', async () => (await product.storage('refreshing')) === false);
    return popup;
  }

  it('opens the options page on install when no API key is built in; the badge and popup ask for one', async () => {
    const { fx, probe } = product;
    expect(await fx.evaluate(probe, 'location.href')).toBe(fx.extensionUrl('src/options/index.html'));
    await fx.waitFor(probe, "document.querySelector('[data-testid=credentials-form]') !== null");
    const badge = await product.waitForBadge((b) => b.text === '!');
    expect(rgb(badge)).toEqual(RED);
    expect(badge.title).toMatch(/API key/i);
    const popup = await product.openPopup();
    await button(popup, 'Open options');
    await fx.closeContext(popup);
  });

  it('a cancelled sign-in (Flickr sends the window home) ends cleanly when the window closes', async () => {
    const { fx } = product;
    await product.enterApiKey();
    const popup = await product.openPopup();
    await button(popup, 'Sign in with Flickr');
    const opened = fx.waitForNewContext();
    await fx.click(popup, { role: 'button', name: 'Sign in with Flickr' });
    const auth = await opened;
    await fx.waitFor(auth, "location.pathname === '/services/oauth/authorize' && document.readyState === 'complete'");
    await fx.click(auth, { role: 'button', name: 'No thanks' });
    await fx.waitFor(auth, "location.href === 'https://www.flickr.com/' && document.readyState === 'complete'");
    expect((await product.storage<{ state: string }>('session')).state).toBe('signing-in');
    await fx.closeContext(auth);
    // Firefox rejects with "User cancelled or denied access." (Chrome: "The user did not approve access.").
    await until('signed out again', async () => (await product.storage<{ state: string }>('session')).state === 'signed-out');
    expect(await product.storage('lastAttempt')).toBeNull();
    const badge = await product.waitForBadge((b) => b.text === '!' && /sign in/i.test(b.title));
    expect(rgb(badge)).toEqual(RED);
    await fx.closeContext(popup);
  });

  it('signs in through Flickr, polls once with a verified signature, and shows the quota on badge and popup', async () => {
    const { fx, emulator } = product;
    emulator.clearCalls();
    await product.signIn();

    const badge = await product.waitForBadge((b) => b.text === '10');
    expect(rgb(badge)).toEqual(RED); // 1 % of items left
    expect(badge.title).toContain('10 items left of 1,000');
    const oauth = emulator.calls.filter((c) => c.oauthEndpoint).map((c) => [c.oauthEndpoint, c.outcome]);
    // Firefox GETs the authorize URL twice (once from the parent process, then in the window): see firefox-harness.e2e.ts.
    expect(oauth).toEqual([
      ['request_token', 'ok'],
      ['authorize', 'ok'],
      ['authorize', 'ok'],
      ['authorize', 'ok'],
      ['access_token', 'ok'],
    ]);
    expect(emulator.restCallCount('flickr.people.getUploadStatus')).toBe(1);
    expect(emulator.calls.filter((c) => c.apiMethod).every((c) => c.outcome === 'ok')).toBe(true);

    const view = await product.openPopup();
    await waitForText(fx, view, '990 of 1,000 used, 10 left');
    expect(await testIdText(view, 'username')).toBe('Bees');
    const text = await fx.evaluate<string>(view, 'document.body.innerText');
    expect(text).toContain('200 MB');
    expect(text).toContain('1 GB');
    expect(text).toMatch(/Updated (just now|\d+ seconds? ago)/);
    await fx.closeContext(view);
  });

  it('refresh on another account: Pro with the 2 GB monthly bandwidth → 99 %', async () => {
    const popup = await refreshTo('pro');
    await product.waitForBadge((b) => b.text === '99%');
    await product.fx.closeContext(popup);
  });

  it('free account with unlimited bandwidth (real 2014 reply): ∞ green, "Unlimited" in the popup', async () => {
    const popup = await refreshTo('free-unlimited-2014');
    const badge = await product.waitForBadge((b) => b.text === '∞');
    expect(rgb(badge)).toEqual([0x1a, 0x7f, 0x37]);
    expect(badge.title).toMatch(/no upload limits/i);
    await product.fx.waitFor(popup, "document.querySelector('[data-testid=figure-bandwidth]')?.textContent.includes('Unlimited')");
    expect(await testIdText(popup, 'figure-items')).toBeNull(); // no upload_limit in the reply
    await product.fx.closeContext(popup);
  });

  it('token revoked (98): red "!", asks to sign in again, figures marked stale, polling stopped', async () => {
    const { fx } = product;
    const popup = await refreshTo('revoked');
    const badge = await product.waitForBadge((b) => b.text === '!');
    expect(rgb(badge)).toEqual(RED);
    await button(popup, 'Sign in again');
    expect(await fx.evaluate(popup, "document.querySelector('[data-testid=figures]').className")).toContain('stale');
    expect(await fx.evaluate(product.probe, "browser.alarms.get('poll').then((a) => a ?? null)")).toBeNull();
    await fx.closeContext(popup);
  });

  it('signing in again after a revoke restores polling and fresh figures', async () => {
    product.emulator.setScenario('pro');
    await product.signIn();
    await product.waitForBadge((b) => b.text === '99%');
    expect(await product.fx.evaluate(product.probe, "browser.alarms.get('poll').then((a) => a?.scheduledTime ?? null)")).not.toBeNull();
  });

  it('signs out: forgets tokens and figures, and says where to revoke access on Flickr', async () => {
    const { fx } = product;
    const popup = await product.openPopup();
    await button(popup, 'Sign out');
    await fx.click(popup, { role: 'button', name: 'Sign out' });
    const href = await fx.waitFor<string>(
      popup,
      `[...document.querySelectorAll('a')].find((a) => a.textContent.trim() === "Apps you're using")?.getAttribute('href')`,
    );
    expect(href).toBe('https://www.flickr.com/services/auth/list.gne');
    expect(await product.storage('status')).toBeNull();
    expect(await product.vaultEntry('access')).toBeNull();
    await product.waitForBadge((b) => b.text === '!');
    await fx.closeContext(popup);
  });

  it('no script of the extension threw along the way', () => {
    expect(extensionErrors(product.fx.output())).toEqual([]);
  });
});

describe('Firefox ESR: upload-page warning and where the secrets live', () => {
  let product: FirefoxProduct;
  let dir: string;

  const file = (name: string, size: number) => sparseFile(dir, name, size);

  const roleTexts = async (tab: string, role: string) => textsWithRole(await product.fx.axTree(tab), role);
  const alertText = async (tab: string) => (await roleTexts(tab, 'alert')).join('\n');
  /** Polls the accessibility tree (Firefox updates the parent's copy asynchronously). */
  async function waitForAlert(tab: string, check: (text: string) => boolean): Promise<string> {
    let text = '';
    await until(`an alert matching ${String(check)} (last: ${JSON.stringify(text)})`, async () => check((text = await alertText(tab))), 5000);
    return text;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qb-ff-files-'));
    const started = Date.now();
    product = await startFirefoxProduct({ scenario: 'free-near-limit' });
    await product.enterApiKey();
    await product.signIn();
    console.info(`Firefox ESR product start + key + sign-in: ${Date.now() - started} ms`);
  });
  afterAll(async () => {
    await product?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('names each file larger than the limits, with its size and the limit; a file exactly at the limit is fine', async () => {
    const { fx } = product;
    const tab = await product.openUploadPage();
    await fx.setFiles(tab, '#file-input', [
      await file('exactly-at-limit.jpg', PHOTO_LIMIT),
      await file('one-byte-over.jpg', PHOTO_LIMIT + 1),
      await file('holiday.mov', VIDEO_LIMIT + 5 * MB),
    ]);
    const text = await waitForAlert(tab, (t) => t.includes('one-byte-over.jpg') && t.includes('holiday.mov'));
    expect(text).toContain('Larger than the 200 MB photo limit');
    expect(text).toContain('Larger than the 1 GB video limit');
    expect(text).toContain('1 GB');
    expect(text).not.toContain('exactly-at-limit.jpg');
    // Neither the page nor a BiDi sandbox can reach into the warning.
    const host = "document.querySelector('quota-badge-warning')";
    expect(await fx.evaluate(tab, `${host} !== null && (${host}.shadowRoot ?? 'closed')`)).toBe('closed');
    expect(await fx.evaluate(tab, `(${host}.shadowRoot ?? 'closed') + ' ' + typeof ${host}.openOrClosedShadowRoot`, { sandbox: 'probe' })).toBe(
      'closed undefined',
    );
    expect(await fx.evaluate(tab, `${host}.textContent`)).toBe('');

    // Only fine files → the warning clears.
    await fx.setFiles(tab, '#file-input', [await file('small.jpg', 5 * MB)]);
    await waitForAlert(tab, (t) => t === '');
    expect(await fx.evaluate(tab, `${host} === null`)).toBe(true);
    await fx.closeContext(tab);
  });

  it('warns when the selection has more files than the free-account items left', async () => {
    const tab = await product.openUploadPage();
    const files = await Promise.all(Array.from({ length: 11 }, (_, i) => file(`photo-${i}.jpg`, 1000)));
    await product.fx.setFiles(tab, '#file-input', files);
    const text = await waitForAlert(tab, (t) => t.includes('Items left on your account: 10, chosen: 11'));
    expect(text).toMatch(/photo-10\.jpg/);
    expect(text).not.toMatch(/photo-9\.jpg/);
    await product.fx.closeContext(tab);
  });

  it('works after in-page navigation to the uploader and on inputs added later, and can be dismissed', async () => {
    const { fx } = product;
    const tab = await product.openUploadPage('/');
    expect(await fx.evaluate(tab, 'document.title')).toBe('Flickr: Home');
    await fx.click(tab, '#upload-link');
    await fx.waitFor(tab, "location.pathname === '/photos/upload/' && document.getElementById('add-input') !== null");
    await fx.click(tab, '#add-input');
    await fx.waitFor(tab, "document.getElementById('file-input-2') !== null");
    await fx.setFiles(tab, '#file-input-2', [await file('late-input.png', PHOTO_LIMIT + 100)]);
    await waitForAlert(tab, (t) => t.includes('late-input.png'));

    // Dismiss as a user does: a trusted click where the button is on screen.
    const dismiss = findNode(await fx.axTree(tab), (n) => n.role === 'pushbutton' && n.name === 'Dismiss');
    expect(dismiss).toBeDefined();
    const { x, y, width, height } = dismiss!.bounds;
    expect(width * height).toBeGreaterThan(0);
    await fx.clickAt(tab, x + width / 2, y + height / 2);
    await waitForAlert(tab, (t) => t === '');
    await fx.closeContext(tab);
  });

  it('keeps every secret out of storage.local (which Firefox content scripts can read) and in the extension-origin vault only', async () => {
    const { fx, emulator } = product;
    const issued = emulator.issuedTokens();
    const access = issued.filter((t) => t.kind === 'access');
    expect(access).toHaveLength(1);
    const [{ token, secret }] = access as [(typeof access)[number]];
    // The token the worker really signs with: oauth_token of the REST calls.
    const used = emulator.calls
      .filter((c) => c.apiMethod)
      .map((c) => new URLSearchParams(c.query).get('oauth_token'));
    expect(used.length).toBeGreaterThan(0);
    expect(new Set(used)).toEqual(new Set([token]));
    const secrets = [token, secret, DEMO_CONSUMER.secret, ...issued.filter((t) => t.kind === 'request').map((t) => t.secret)];

    // Firefox has no storage.local.setAccessLevel: whatever storage.local holds, content scripts can read.
    const local = JSON.stringify(await product.storageAll());
    const sync = JSON.stringify(await fx.evaluate(product.probe, 'browser.storage.sync.get(null)'));
    const session = JSON.stringify(await fx.evaluate(product.probe, 'browser.storage.session.get(null)'));
    expect(local).toContain('"signed-in"'); // the read works and sees the signed-in state
    for (const value of secrets) {
      expect(local).not.toContain(value);
      expect(sync).not.toContain(value);
      expect(session).not.toContain(value);
    }

    // They live in the extension origin's IndexedDB.
    expect(await product.vaultEntry('access')).toEqual({ token, secret });
    expect(await product.vaultEntry('consumer')).toEqual({ key: DEMO_CONSUMER.key, secret: DEMO_CONSUMER.secret });

    // A content script's IndexedDB is the page's origin: no vault there, and nothing secret in the page.
    const tab = await product.openUploadPage();
    await fx.setFiles(tab, '#file-input', [await file('probe.jpg', PHOTO_LIMIT + 1)]);
    await waitForAlert(tab, (t) => t.includes('probe.jpg'));
    const pageDatabases = await fx.evaluate<{ name: string }[]>(tab, 'indexedDB.databases()');
    expect(pageDatabases.map((d) => d.name)).not.toContain('quota-badge-vault');
    const pageText = `${await fx.evaluate<string>(tab, 'document.documentElement.outerHTML')}${JSON.stringify(await fx.axTree(tab))}`;
    for (const value of secrets) expect(pageText).not.toContain(value);

    // The page's own world has no extension API to message the worker with.
    expect(await fx.evaluate(tab, "[typeof browser, typeof chrome, typeof globalThis.runtime].join(' ')")).toBe('undefined undefined undefined');
    await fx.closeContext(tab);
  });

  it('signed out: no warnings, one small hint saying why', async () => {
    const { fx } = product;
    const popup = await product.openPopup();
    await fx.waitFor(popup, "[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Sign out')");
    await fx.click(popup, { role: 'button', name: 'Sign out' });
    await until('signed out', async () => (await product.storage<{ state: string }>('session')).state === 'signed-out');
    await fx.closeContext(popup);
    const tab = await product.openUploadPage();
    await fx.setFiles(tab, '#file-input', [await file('huge.jpg', PHOTO_LIMIT * 3)]);
    let hints: string[] = [];
    // ARIA role=status is Firefox's 'statusbar' (Chromium's AX tree says 'status').
    await until('the signed-out hint', async () => (hints = await roleTexts(tab, 'statusbar')).some((t) => t.includes('sign in from the toolbar button')), 5000);
    expect(hints).toHaveLength(1);
    expect(await alertText(tab)).toBe('');
    await fx.closeContext(tab);
  });

  it('no script of the extension threw along the way (the content script included)', () => {
    expect(extensionErrors(product.fx.output())).toEqual([]);
  });
});
