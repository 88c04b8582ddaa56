/**
 * Proves the Firefox ESR harness (raw WebDriver BiDi) with the emulator: first with a throwaway
 * extension generated here, then with the real build in dist/firefox (`npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigner } from '../../src/flickr/oauth';
import { DEMO_CONSUMER, startEmulator, type Emulator } from '../emulator/server';
import { launchFirefox, type FirefoxHarness } from './harness/firefox';

const PROBE_ID = 'harness-probe@quota-badge.test';
const ALLIZOM_REDIRECT = /^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/;

async function writeProbeExtension(dir: string): Promise<void> {
  const files: Record<string, string> = {
    'manifest.json': JSON.stringify({
      manifest_version: 3,
      name: 'Harness probe',
      version: '1.0',
      browser_specific_settings: { gecko: { id: PROBE_ID } },
      background: { scripts: ['background.js'] },
      action: { default_title: 'Harness probe' },
      permissions: ['identity'],
      host_permissions: ['https://www.flickr.com/*', 'https://api.flickr.com/*'],
      content_scripts: [{ matches: ['https://www.flickr.com/photos/upload/*'], js: ['content.js'] }],
    }),
    'background.js': `
      console.info('probe background started as ' + browser.runtime.id);
      browser.runtime.onMessage.addListener(async (message) => {
        if (message.type !== 'fetch') return undefined;
        try {
          const response = await fetch(message.url);
          return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
        } catch (error) {
          return { error: error.name };
        }
      });
    `,
    'page.html':
      '<!DOCTYPE html><meta charset="utf-8"><title>probe page</title>' +
      '<input id="badge-text"><button id="set-badge">Set badge</button><script src="page.js"></script>',
    'page.js': `
      document.getElementById('set-badge').addEventListener('click', (event) => {
        document.body.dataset.clickTrusted = String(event.isTrusted);
        browser.action.setBadgeText({ text: document.getElementById('badge-text').value })
          .then(() => { document.body.dataset.badgeSet = 'yes'; });
      });
    `,
    'content.js': `document.documentElement.dataset.probeContentScript = browser.runtime.id;`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
}

/** A request token from the emulator, signed here as the extension would (for the auth-flow check). */
function requestToken(emulator: Emulator, callback: string): Promise<string> {
  const signer = createSigner({ consumer: { key: DEMO_CONSUMER.key, secret: DEMO_CONSUMER.secret } });
  const url = new URL(signer.signedQuery('GET', 'https://www.flickr.com/services/oauth/request_token', { oauth_callback: callback }));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: emulator.port,
        path: `${url.pathname}${url.search}`,
        servername: url.hostname,
        headers: { host: url.hostname },
        rejectUnauthorized: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        res.on('end', () => {
          const token = new URLSearchParams(body).get('oauth_token');
          if (res.statusCode === 200 && token) resolve(token);
          else reject(new Error(`request_token: HTTP ${res.statusCode} ${body}`));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** Processes of group `pgid` that are still running (zombies left for PID 1 to reap do not count). */
function runningInGroup(pgid: number): string[] {
  return execFileSync('ps', ['-e', '-o', 'pgid=,stat=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([group, state]) => Number(group) === pgid && !state?.startsWith('Z'))
    .map((fields) => fields.slice(2).join(' '));
}

describe('Firefox ESR harness with a probe extension', () => {
  let emulator: Emulator;
  let fx: FirefoxHarness;
  let work: string;
  let page: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'fx-probe-'));
    await mkdir(join(work, 'extension'));
    await writeProbeExtension(join(work, 'extension'));
    emulator = await startEmulator();
    fx = await launchFirefox({ extensionDir: join(work, 'extension'), emulatorPort: emulator.port });
    console.info(`Firefox ESR timings (ms): ${JSON.stringify(fx.timings)}`);
    page = await fx.openExtensionPage('page.html');
  });

  afterAll(async () => {
    await fx?.close();
    await emulator?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('installs the extension under the moz-extension origin fixed in the profile', async () => {
    expect(fx.extensionId).toBe(PROBE_ID);
    expect(fx.extensionOrigin).toBe(`moz-extension://${fx.extensionUuid}`);
    expect(await fx.evaluate(page, 'location.origin')).toBe(fx.extensionOrigin);
    expect(await fx.evaluate(page, "browser.runtime.getURL('')")).toBe(`${fx.extensionOrigin}/`);
    expect(await fx.evaluate(page, 'browser.runtime.id')).toBe(PROBE_ID);
  });

  it('sets and reads the toolbar badge from an extension page', async () => {
    await fx.evaluate(page, "browser.action.setBadgeText({ text: '17' })");
    await fx.evaluate(page, 'browser.action.setBadgeBackgroundColor({ color: [12, 34, 56, 255] })');
    expect(await fx.evaluate(page, 'browser.action.getBadgeText({})')).toBe('17');
    expect(await fx.badge(page)).toEqual({ text: '17', color: [12, 34, 56, 255], title: 'Harness probe' });
  });

  it('types and clicks with trusted input events', async () => {
    await fx.fill(page, '#badge-text', 'Q7');
    expect(await fx.evaluate(page, "document.getElementById('badge-text').value")).toBe('Q7');
    await fx.click(page, '#set-badge');
    await fx.waitFor(page, "document.body.dataset.badgeSet === 'yes'");
    expect(await fx.evaluate(page, 'document.body.dataset.clickTrusted')).toBe('true');
    expect((await fx.badge(page)).text).toBe('Q7');
  });

  it("collects the background's console output", async () => {
    const deadline = Date.now() + 5_000;
    while (!fx.output().includes(`probe background started as ${PROBE_ID}`) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(fx.output()).toContain(`console.info: "probe background started as ${PROBE_ID}"`);
  });

  it('evaluates values of every JSON shape, and reports exceptions', async () => {
    expect(await fx.evaluate(page, "({ a: [1, 'two', null, true], b: { c: -0 }, n: NaN, u: undefined })")).toEqual({
      a: [1, 'two', null, true],
      b: { c: -0 },
      n: Number.NaN,
      u: undefined,
    });
    expect(await fx.callFunction(page, '(a, b) => a.x + b.length', [{ x: 40 }, [1, 2]])).toBe(42);
    await expect(fx.evaluate(page, "Promise.reject(new Error('nope'))")).rejects.toThrow(/nope/);
  });

  it('lets the background script fetch api.flickr.com from the emulator, certificate accepted', async () => {
    emulator.clearCalls();
    const reply = await fx.evaluate<{ status: number; contentType: string; body: string }>(
      page,
      "browser.runtime.sendMessage({ type: 'fetch', url: 'https://api.flickr.com/services/rest/?method=flickr.test.echo' })",
    );
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/xml/);
    expect(reply.body).toMatch(/<rsp /);
    expect(emulator.calls.some((call) => call.host === 'api.flickr.com' && call.path === '/services/rest/')).toBe(true);
  });

  it('loads https://www.flickr.com/photos/upload/ from the emulator through the proxy, with the content script', async () => {
    emulator.clearCalls();
    const tab = await fx.newTab('https://www.flickr.com/photos/upload/');
    expect(await fx.evaluate(tab, 'location.href')).toBe('https://www.flickr.com/photos/upload/');
    expect(await fx.evaluate(tab, 'document.title')).toBe('Flickr: Upload');
    expect(emulator.calls.some((call) => call.host === 'www.flickr.com' && call.path === '/photos/upload/')).toBe(true);
    expect(fx.proxy.requests.some((r) => r.target === 'www.flickr.com:443' && r.tunnelled)).toBe(true);
    expect(await fx.waitFor(tab, 'document.documentElement.dataset.probeContentScript')).toBe(PROBE_ID);
    await fx.closeContext(tab);
  });

  it('refuses every other host at the proxy, so nothing reaches the network', async () => {
    const reply = await fx.evaluate<{ error?: string }>(
      page,
      "browser.runtime.sendMessage({ type: 'fetch', url: 'https://example.org/' })",
    );
    expect(reply.error).toBe('TypeError');
    expect(fx.proxy.refused().some((r) => r.target === 'example.org:443')).toBe(true);
    expect(fx.proxy.requests.filter((r) => r.tunnelled).every((r) => /^(www\.|api\.)?flickr\.com:443$/.test(r.target))).toBe(true);
  });

  it('sets a file on <input type=file> with input.setFiles, firing change', async () => {
    const file = join(work, 'holiday.jpg');
    await writeFile(file, Buffer.alloc(1234, 7));
    const tab = await fx.newTab('https://www.flickr.com/photos/upload/');
    await fx.setFiles(tab, '#file-input', [file]);
    expect(await fx.waitFor(tab, "document.querySelector('#file-list li')?.textContent")).toBe('holiday.jpg (1234 bytes)');
    expect(await fx.evaluate(tab, "[...document.getElementById('file-input').files].map((f) => [f.name, f.size])")).toEqual([
      ['holiday.jpg', 1234],
    ]);
    await fx.click(tab, '#add-input');
    expect(await fx.waitFor(tab, "document.querySelectorAll('#pickers input[type=file]').length === 2")).toBe(true);
    await fx.closeContext(tab);
  });

  it('writes a PNG screenshot', async () => {
    const path = join(work, 'shots', 'page.png');
    await fx.screenshot(page, path);
    const png = await readFile(path);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(1000);
  });

  it('sees the launchWebAuthFlow window; the redirect to extensions.allizom.org is intercepted and resolves the flow', async () => {
    const redirect = await fx.evaluate<string>(page, 'browser.identity.getRedirectURL()');
    expect(redirect).toMatch(ALLIZOM_REDIRECT);
    const token = await requestToken(emulator, redirect);
    emulator.clearCalls();

    const opened = fx.waitForNewContext();
    await fx.evaluate(
      page,
      `window.flow = browser.identity
        .launchWebAuthFlow({ url: 'https://www.flickr.com/services/oauth/authorize?perms=read&oauth_token=${token}', interactive: true })
        .then((url) => ({ url }), (error) => ({ error: error.message })); 0`,
    );
    const signInWindow = await opened;
    // The window starts at about:blank, already "complete": wait for the Flickr page itself.
    await fx.waitFor(signInWindow, "location.host === 'www.flickr.com' && document.readyState === 'complete'");
    expect(await fx.evaluate(signInWindow, 'document.title')).toBe('Flickr: Authorize Quota Badge for Flickr');

    const closed = fx.waitForContextClosed(signInWindow);
    await fx.click(signInWindow, 'button[value=approve]');
    await closed;
    const flow = await fx.waitFor<{ url?: string; error?: string }>(page, 'window.flow');
    expect(flow.error).toBeUndefined();
    const callback = new URL(flow.url ?? '');
    expect(`${callback.origin}/`).toBe(redirect);
    expect(callback.searchParams.get('oauth_token')).toBe(token);
    expect(callback.searchParams.get('oauth_verifier')).toMatch(/\S/);
    // Firefox first GETs the authorize URL from the parent (XHR, to see if it redirects at once),
    // then loads it again in the window.
    expect(emulator.calls.filter((call) => call.path === '/services/oauth/authorize').map((c) => c.httpMethod)).toEqual(['GET', 'GET', 'POST']);
    expect(emulator.calls.some((call) => call.httpMethod === 'POST' && call.status === 302)).toBe(true);
    // Firefox cancels the redirected channel from an HTTP-activity observer, so it may already
    // have asked the proxy for <hash>.extensions.allizom.org:443 before cancelling: the proxy
    // refuses that host, and the flow above still resolved with the callback URL.
  });

  it('rejects launchWebAuthFlow when the user closes its window', async () => {
    const opened = fx.waitForNewContext();
    await fx.evaluate(
      page,
      `window.cancelled = browser.identity
        .launchWebAuthFlow({ url: 'https://www.flickr.com/', interactive: true })
        .then((url) => ({ url }), (error) => ({ error: error.message })); 0`,
    );
    const signInWindow = await opened;
    await fx.waitFor(signInWindow, "location.host === 'www.flickr.com' && document.readyState === 'complete'");
    await fx.closeContext(signInWindow);
    const outcome = await fx.waitFor<{ url?: string; error?: string }>(page, 'window.cancelled');
    expect(outcome.url).toBeUndefined();
    expect(outcome.error).toBe('User cancelled or denied access.');
  });
});

describe('Firefox ESR harness close()', () => {
  it('kills the process group, stops the proxy and removes the profile; a second close() is harmless', async () => {
    const work = await mkdtemp(join(tmpdir(), 'fx-probe-'));
    const emulator = await startEmulator();
    try {
      await writeProbeExtension(work);
      const fx = await launchFirefox({ extensionDir: work, emulatorPort: emulator.port });
      expect(runningInGroup(fx.pid).length).toBeGreaterThan(1);
      expect((await stat(fx.profileDir)).isDirectory()).toBe(true);
      await fx.close();
      expect(runningInGroup(fx.pid)).toEqual([]);
      expect(existsSync(fx.profileDir)).toBe(false);
      expect(await portRefuses(fx.proxy.port)).toBe(true);
      await fx.close();
    } finally {
      await emulator.stop();
      await rm(work, { recursive: true, force: true });
    }
  });

  it('cleans up when the launch fails', async () => {
    const work = await mkdtemp(join(tmpdir(), 'fx-probe-'));
    try {
      await writeFile(join(work, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'no id', version: '1' }));
      await expect(launchFirefox({ extensionDir: work, emulatorPort: 1 })).rejects.toThrow(/gecko\.id/);
      await expect(launchFirefox({ extensionDir: work, emulatorPort: 1, executablePath: join(work, 'no-firefox') })).rejects.toThrow();
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe('Firefox ESR with the real build (dist/firefox)', () => {
  const dist = 'dist/firefox';
  let emulator: Emulator;
  let fx: FirefoxHarness;
  let options: string;

  beforeAll(async () => {
    if (!existsSync(join(dist, 'manifest.json'))) throw new Error(`${dist} is missing: run \`npm run build\` first`);
    emulator = await startEmulator({ scenario: 'free-near-limit' });
    fx = await launchFirefox({ extensionDir: dist, emulatorPort: emulator.port });
    console.info(`Firefox ESR timings with dist/firefox (ms): ${JSON.stringify(fx.timings)}`);
    // With no API key, the worker opens the options page itself on install.
    options = await fx.waitForContextUrl(fx.extensionUrl('src/options/index.html'));
  });

  afterAll(async () => {
    await fx?.close();
    await emulator?.stop();
  });

  it('installs under the manifest gecko id and loads its options page', async () => {
    const manifest = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as {
      browser_specific_settings: { gecko: { id: string } };
    };
    expect(fx.extensionId).toBe(manifest.browser_specific_settings.gecko.id);
    await fx.waitFor(options, "document.readyState === 'complete' && document.querySelector('h1, h2, form, input') !== null");
    expect(await fx.evaluate(options, 'location.href')).toBe(fx.extensionUrl('src/options/index.html'));
  });

  it('gives an extensions.allizom.org redirect URL', async () => {
    expect(await fx.evaluate(options, 'browser.identity.getRedirectURL()')).toMatch(ALLIZOM_REDIRECT);
  });

  it('signs in from a message to the background: the auth window appears and closes on the intercepted redirect', async () => {
    const saved = await fx.evaluate(
      options,
      `browser.runtime.sendMessage({ type: 'credentials/save', key: ${JSON.stringify(DEMO_CONSUMER.key)}, secret: ${JSON.stringify(DEMO_CONSUMER.secret)} })`,
    );
    expect(saved).toEqual({ ok: true });
    const opened = fx.waitForNewContext();
    await fx.evaluate(
      options,
      "window.signIn = browser.runtime.sendMessage({ type: 'sign-in' }).then((reply) => ({ reply }), (error) => ({ error: error.message })); 0",
    );
    const signInWindow = await opened;
    await fx.waitFor(signInWindow, "location.pathname === '/services/oauth/authorize' && document.readyState === 'complete'");
    const closed = fx.waitForContextClosed(signInWindow);
    await fx.click(signInWindow, 'button[value=approve]');
    await closed;
    expect(await fx.waitFor(options, 'window.signIn', 15_000)).toEqual({ reply: { ok: true } });
    expect(emulator.calls.some((call) => call.path === '/services/oauth/access_token' && call.status === 200)).toBe(true);
  });
});
