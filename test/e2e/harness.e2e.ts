/**
 * Proves the Chromium harness and the emulator together with a throwaway extension generated
 * here: badge reading, the host mapping for worker fetches and pages, the content-script world,
 * closed-shadow-root alerts, stopping the worker, locale and colour scheme.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONSUMER, startEmulator, type Emulator } from '../emulator/server';
import {
  findAlertTexts,
  isolatedWorldEvaluate,
  launchChromium,
  serviceWorkerStatus,
  stopServiceWorker,
  type ChromiumSession,
} from './harness/chromium';

const ALERT_TEXT = 'holiday.mov is larger than Flickr accepts';

async function writeProbeExtension(dir: string): Promise<void> {
  const files: Record<string, string> = {
    'manifest.json': JSON.stringify({
      manifest_version: 3,
      name: 'Harness probe',
      version: '1.0',
      default_locale: 'en',
      background: { service_worker: 'sw.js' },
      action: { default_title: 'probe' },
      host_permissions: ['https://www.flickr.com/*', 'https://api.flickr.com/*'],
      content_scripts: [{ matches: ['https://www.flickr.com/photos/upload/*'], js: ['content.js'] }],
    }),
    '_locales/en/messages.json': JSON.stringify({ greeting: { message: 'Hello' } }),
    '_locales/fr/messages.json': JSON.stringify({ greeting: { message: 'Bonjour' } }),
    'sw.js': `
      self.startedAt = Date.now() + Math.random();
      chrome.action.setBadgeText({ text: '42' });
      chrome.action.setBadgeBackgroundColor({ color: [12, 34, 56, 255] });
      chrome.action.setTitle({ title: 'Harness probe: 42 left' });
      chrome.runtime.onMessage.addListener((message, sender, reply) => { reply({ pong: message }); });
    `,
    'wake.html': '<!DOCTYPE html><meta charset="utf-8"><title>wake</title><script src="wake.js"></script>',
    'wake.js': `chrome.runtime.sendMessage('ping').then((r) => { document.title = 'woke:' + r.pong; });`,
    'content.js': `
      globalThis.probeMarker = 'isolated-' + chrome.runtime.id;
      const host = document.createElement('div');
      document.body.append(host);
      const root = host.attachShadow({ mode: 'closed' });
      const alert = document.createElement('div');
      alert.setAttribute('role', 'alert');
      alert.textContent = ${JSON.stringify(ALERT_TEXT)};
      root.append(alert);
    `,
  };
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A request-token URL signed the way the product would sign it (here with node:crypto). */
function signedRequestTokenUrl(callback: string): string {
  const url = 'https://www.flickr.com/services/oauth/request_token';
  const params: Record<string, string> = {
    oauth_callback: callback,
    oauth_consumer_key: DEMO_CONSUMER.key,
    oauth_nonce: randomBytes(8).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(Math.floor(Date.now() / 1000)),
    oauth_version: '1.0',
  };
  const query = Object.entries(params)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .sort()
    .join('&');
  const signature = createHmac('sha1', `${enc(DEMO_CONSUMER.secret)}&`).update(`GET&${enc(url)}&${enc(query)}`).digest('base64');
  return `${url}?${query}&oauth_signature=${enc(signature)}`;
}

let emulator: Emulator;
let extensionDir: string;

beforeAll(async () => {
  emulator = await startEmulator();
  extensionDir = await mkdtemp(join(tmpdir(), 'qb-probe-ext-'));
  await writeProbeExtension(extensionDir);
});

afterAll(async () => {
  await emulator?.stop();
  if (extensionDir) await rm(extensionDir, { recursive: true, force: true });
});

describe('Chromium harness', () => {
  let browser: ChromiumSession;
  beforeAll(async () => {
    browser = await launchChromium({ extensionDir, emulatorPort: emulator.port });
  });
  afterAll(async () => browser?.close());

  it('finds the extension id and reads the badge', async () => {
    expect(browser.extensionId).toMatch(/^[a-p]{32}$/);
    expect(browser.extensionUrl('/popup.html')).toBe(`chrome-extension://${browser.extensionId}/popup.html`);
    await expect.poll(() => browser.badge().then((b) => b.text)).toBe('42');
    expect(await browser.badge()).toEqual({ text: '42', color: [12, 34, 56, 255], title: 'Harness probe: 42 left' });
  });

  it('sends the worker fetch for api.flickr.com to the emulator', async () => {
    emulator.clearCalls();
    const reply = await browser.worker.evaluate(async () => {
      const res = await fetch('https://api.flickr.com/services/rest/?method=flickr.test.echo');
      return { status: res.status, body: await res.text() };
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<rsp stat="fail">');
    expect(emulator.calls).toMatchObject([{ host: 'api.flickr.com', path: '/services/rest/', apiMethod: 'flickr.test.echo', status: 200 }]);
  });

  it('opens the emulated home page and reaches the uploader without a page load', async () => {
    const page = await browser.newPage();
    try {
      emulator.clearCalls();
      await page.goto('https://www.flickr.com/');
      await page.evaluate(() => Object.assign(window, { sameDocument: true }));
      await page.getByRole('link', { name: 'Upload' }).click();
      await page.locator('#file-input').waitFor();
      expect(new URL(page.url()).pathname).toBe('/photos/upload/');
      expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(emulator.calls.filter((c) => c.path.startsWith('/photos/upload'))).toHaveLength(0);
      await page.locator('#add-input').click();
      expect(await page.locator('input[type=file]').count()).toBe(2);
      const dropped = await page.evaluate(() => {
        const data = new DataTransfer();
        data.items.add(new File(['x'.repeat(10)], 'beach.jpg', { type: 'image/jpeg' }));
        const drop = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
        document.getElementById('drop-zone')!.dispatchEvent(drop);
        return drop.defaultPrevented;
      });
      expect(dropped).toBe(true);
      expect(await page.locator('#file-list li').allTextContents()).toEqual(['beach.jpg (10 bytes)']);
    } finally {
      await page.close();
    }
  });

  it('evaluates in the content-script world and sees alerts in a closed shadow root', async () => {
    const page = await browser.newPage();
    try {
      await page.goto('https://www.flickr.com/photos/upload/');
      const marker = await isolatedWorldEvaluate<string>(page, browser.extensionId, 'globalThis.probeMarker');
      expect(marker).toBe(`isolated-${browser.extensionId}`);
      expect(await page.evaluate(() => (globalThis as { probeMarker?: string }).probeMarker)).toBeUndefined();
      expect(await page.evaluate(() => document.querySelectorAll('[role=alert]').length)).toBe(0);
      await expect.poll(() => findAlertTexts(page)).toEqual([ALERT_TEXT]);
    } finally {
      await page.close();
    }
  });

  it('shows the consent page in the browser: approve goes to the callback, "No thanks" to the home page', async () => {
    const tokenFor = (callback: string) =>
      browser.worker.evaluate(async (url) => {
        const body = await (await fetch(url)).text();
        return new URLSearchParams(body).get('oauth_token') ?? body;
      }, signedRequestTokenUrl(callback));
    const page = await browser.newPage();
    try {
      const approveToken = await tokenFor('https://www.flickr.com/account?signed=in');
      await page.goto(`https://www.flickr.com/services/oauth/authorize?oauth_token=${approveToken}&perms=read`);
      await expect.poll(() => page.getByRole('heading').textContent()).toBe('Authorize Quota Badge for Flickr?');
      await page.getByRole('button', { name: "OK, I'll authorize it" }).click();
      await page.waitForURL(/\/account\?/);
      const landed = new URL(page.url());
      expect(landed.searchParams.get('signed')).toBe('in');
      expect(landed.searchParams.get('oauth_token')).toBe(approveToken);
      expect(landed.searchParams.get('oauth_verifier')).toMatch(/^[0-9a-f]{16}$/);

      const cancelToken = await tokenFor('https://www.flickr.com/account');
      await page.goto(`https://www.flickr.com/services/oauth/authorize?oauth_token=${cancelToken}&perms=read`);
      await page.getByRole('button', { name: 'No thanks' }).click();
      await page.waitForURL('https://www.flickr.com/');
      expect(await page.getByRole('heading').textContent()).toBe('Welcome to Flickr');
    } finally {
      await page.close();
    }
  });

  it('stops the service worker; the same Worker handle runs in the new instance once woken', async () => {
    const startedAt = () => browser.worker.evaluate(() => (self as unknown as { startedAt: number }).startedAt);
    const before = await startedAt();
    expect(await serviceWorkerStatus(browser.context, browser.extensionId)).toBe('RUNNING');
    await stopServiceWorker(browser.context, browser.extensionId);
    expect(await serviceWorkerStatus(browser.context, browser.extensionId)).toBe('STOPPED');
    await expect(browser.badge(undefined, 500)).rejects.toThrow(/timed out/);
    const pending = startedAt();
    const page = await browser.newPage();
    try {
      await page.goto(browser.extensionUrl('wake.html'));
      await expect.poll(() => page.title()).toBe('woke:ping');
      expect(await serviceWorkerStatus(browser.context, browser.extensionId)).toBe('RUNNING');
      const after = await startedAt();
      expect(after).not.toBe(before);
      expect(await pending).toBe(after);
      expect((await browser.badge()).text).toBe('42');
    } finally {
      await page.close();
    }
  });
});

describe('Chromium harness options', () => {
  it('applies the UI locale and the colour scheme', async () => {
    const browser = await launchChromium({ extensionDir, emulatorPort: emulator.port, locale: 'fr', colorScheme: 'dark' });
    try {
      const i18n = await browser.worker.evaluate(() => ({ ui: chrome.i18n.getUILanguage(), greeting: chrome.i18n.getMessage('greeting') }));
      expect(i18n.ui).toMatch(/^fr/);
      expect(i18n.greeting).toBe('Bonjour');
      const page = await browser.newPage();
      await page.goto('https://www.flickr.com/account');
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
