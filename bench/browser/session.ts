/**
 * One Chromium for the benchmark: the release build (and, when asked, a throwaway "empty"
 * extension beside it), www/api.flickr.com mapped to the emulator, signed in through the UI
 * exactly as a user does it. Launch flags come from the E2E harness; only the extension list is
 * overridden (Chromium keeps the last value of a repeated switch).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { CHROMIUM_PATH, chromiumArgs } from '../../test/e2e/harness/chromium';
import { DEMO_CONSUMER, startEmulator, type Emulator, type ScenarioName } from '../../test/emulator/server';

export const EMPTY_WORKER_FILE = 'bench-empty-worker.js';

export interface Extension {
  id: string;
  worker: Worker;
  url(path: string): string;
}

export interface BenchBrowser {
  emulator: Emulator;
  context: BrowserContext;
  product: Extension;
  /** Present when launched with `withEmptyExtension`. */
  empty: Extension | undefined;
  signIn(): Promise<void>;
  storage<T>(key: string): Promise<T>;
  close(): Promise<void>;
}

/**
 * An extension whose worker only sets a badge: the floor for a worker start. Its page
 * `bench-wake.html` is written by the worker-start bench like the product's.
 */
export function writeEmptyExtension(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest = {
    manifest_version: 3,
    name: 'Bench empty worker',
    version: '1.0.0',
    action: {},
    background: { service_worker: EMPTY_WORKER_FILE, type: 'module' },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  // The listener only lets a message wake it, the same way the product's worker is woken.
  writeFileSync(
    join(dir, EMPTY_WORKER_FILE),
    "chrome.action.setBadgeText({ text: '1' });\nchrome.runtime.onMessage.addListener(() => {});\n",
  );
}

export async function launchBench(options: {
  productDir: string;
  emptyDir?: string;
  scenario?: ScenarioName;
}): Promise<BenchBrowser> {
  const emulator = await startEmulator({ scenario: options.scenario ?? 'free-near-limit' });
  const dirs = [resolve(options.productDir), ...(options.emptyDir ? [resolve(options.emptyDir)] : [])].join(',');
  const profile = mkdtempSync(join(tmpdir(), 'qb-bench-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs({
        extensionDir: options.productDir,
        emulatorPort: emulator.port,
        extraArgs: [`--disable-extensions-except=${dirs}`, `--load-extension=${dirs}`],
      }),
    });
  } catch (error) {
    await emulator.stop();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const close = async () => {
    await context.close().catch(() => {});
    await emulator.stop();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const product = await extensionWhoseWorker(context, (url) => !url.endsWith(`/${EMPTY_WORKER_FILE}`));
    const empty = options.emptyDir
      ? await extensionWhoseWorker(context, (url) => url.endsWith(`/${EMPTY_WORKER_FILE}`))
      : undefined;
    const storage = <T>(key: string) =>
      product.worker.evaluate(async (k: string) => (await chrome.storage.local.get(k))[k] ?? null, key) as Promise<T>;
    return {
      emulator,
      context,
      product,
      empty,
      storage,
      signIn: () => signIn(context, product, storage),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function extensionWhoseWorker(context: BrowserContext, match: (url: string) => boolean): Promise<Extension> {
  const isIt = (w: Worker) => w.url().startsWith('chrome-extension://') && match(w.url());
  const worker =
    context.serviceWorkers().find(isIt) ??
    (await context.waitForEvent('serviceworker', { predicate: isIt, timeout: 15_000 }));
  const id = new URL(worker.url()).host;
  return { id, worker, url: (path) => `chrome-extension://${id}/${path.replace(/^\//, '')}` };
}

/** Options page: API key → popup: Sign in → the emulator's authorize page: approve. */
async function signIn(context: BrowserContext, product: Extension, storage: <T>(key: string) => Promise<T>): Promise<void> {
  // On install the worker opens the options page itself; use that tab rather than race it.
  const optionsUrl = product.url('src/options/index.html');
  const isOptions = (p: Page) => p.url().startsWith(optionsUrl);
  const options =
    context.pages().find(isOptions) ??
    (await context.waitForEvent('page', { predicate: isOptions, timeout: 5_000 }).catch(() => undefined)) ??
    (await openPage(context, optionsUrl));
  await options.waitForLoadState('domcontentloaded');
  await options.getByLabel('API key', { exact: true }).fill(DEMO_CONSUMER.key);
  await options.getByLabel('API secret', { exact: true }).fill(DEMO_CONSUMER.secret);
  await options.getByTestId('credentials-form').getByRole('button', { name: 'Save', exact: true }).click();
  await until(async () => (await storage('credentialSource')) === 'options', 'the API key was saved');
  await options.close();

  const popup = await context.newPage();
  await popup.goto(product.url('src/popup/index.html'));
  const authWindow = context.waitForEvent('page');
  await popup.getByRole('button', { name: /^Sign in( again| with Flickr)$/ }).click();
  const auth = await authWindow;
  await auth.waitForLoadState('domcontentloaded');
  await auth.getByRole('button', { name: "OK, I'll authorize it" }).click();
  await until(async () => (await storage<{ state: string } | null>('session'))?.state === 'signed-in', 'signed in');
  await until(async () => (await storage('status')) !== null, 'the first figures arrived');
  await popup.close().catch(() => undefined);
  // Launch pages (options opened on install) would only add noise to the timings.
  for (const page of context.pages()) if (page.url().startsWith(product.url(''))) await page.close().catch(() => {});
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

export async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  return page;
}
