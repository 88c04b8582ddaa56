/**
 * Launches Chromium with an unpacked extension, www/api.flickr.com mapped to the local
 * emulator, and hands back the handles E2E tests need.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export {
  axTree,
  domAttribute,
  findAlertTexts,
  findDomNode,
  isolatedWorldEvaluate,
  piercedDocument,
  type AXNode,
  type AXValue,
  type DomNode,
} from './cdp';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface LaunchOptions {
  /** Unpacked extension folder (the build output). */
  extensionDir: string;
  /** Port of the Flickr emulator on 127.0.0.1. */
  emulatorPort: number;
  /** Default true. */
  headless?: boolean;
  /** Browser UI language (`--lang`), e.g. `fr`; also the pages' locale. */
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** Added after the harness's own flags. */
  extraArgs?: readonly string[];
  /**
   * Profile directory to use and keep (a browser restart relaunches on the same one). Default: a
   * fresh temporary profile, deleted on close.
   */
  userDataDir?: string;
}

export interface BadgeState {
  text: string;
  color: [number, number, number, number];
  title: string;
}

export interface ChromiumSession {
  context: BrowserContext;
  /**
   * The extension's service worker. Playwright keeps this object across a stop and restart; while
   * the worker is stopped, `evaluate` waits for it to start again.
   */
  worker: Worker;
  extensionId: string;
  /** `chrome-extension://<id>/<path>` */
  extensionUrl(path: string): string;
  /** Global badge state (or a tab's), read through `chrome.action` in the worker; rejects after `timeoutMs` (5 s). */
  badge(tabId?: number, timeoutMs?: number): Promise<BadgeState>;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export function chromiumArgs(options: LaunchOptions): string[] {
  const dir = resolve(options.extensionDir);
  const port = options.emulatorPort;
  return [
    `--disable-extensions-except=${dir}`,
    `--load-extension=${dir}`,
    `--host-resolver-rules=MAP www.flickr.com 127.0.0.1:${port}, MAP api.flickr.com 127.0.0.1:${port}, MAP flickr.com 127.0.0.1:${port}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(options.locale ? [`--lang=${options.locale}`] : []),
    ...(options.extraArgs ?? []),
  ];
}

const isExtensionWorker = (worker: Worker, id?: string) =>
  worker.url().startsWith(id ? `chrome-extension://${id}/` : 'chrome-extension://');

export async function launchChromium(options: LaunchOptions): Promise<ChromiumSession> {
  const profile = options.userDataDir ?? (await mkdtemp(join(tmpdir(), 'qb-chromium-')));
  const dropProfile = () => (options.userDataDir ? Promise.resolve() : rm(profile, { recursive: true, force: true }));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: options.headless ?? true,
      args: chromiumArgs(options),
      // Chromium on Linux takes its UI language (chrome.i18n, _locales) from LANGUAGE; --lang alone is ignored.
      ...(options.locale ? { locale: options.locale, env: { ...process.env, LANGUAGE: options.locale.replace('-', '_') } } : {}),
      ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
    });
  } catch (error) {
    await dropProfile();
    throw error;
  }

  let worker: Worker;
  try {
    worker =
      context.serviceWorkers().find((w) => isExtensionWorker(w)) ??
      (await context.waitForEvent('serviceworker', { predicate: (w) => isExtensionWorker(w), timeout: 45_000 }));
  } catch (error) {
    await context.close();
    await dropProfile();
    throw new Error(`the extension in ${options.extensionDir} started no service worker`, { cause: error });
  }
  const extensionId = new URL(worker.url()).host;

  return {
    context,
    worker,
    extensionId,
    extensionUrl: (path) => `chrome-extension://${extensionId}/${path.replace(/^\//, '')}`,
    async badge(tabId, timeoutMs = 5_000) {
      const read = worker.evaluate(async (tab) => {
        const details = tab === undefined ? {} : { tabId: tab };
        const [text, color, title] = await Promise.all([
          chrome.action.getBadgeText(details),
          chrome.action.getBadgeBackgroundColor(details),
          chrome.action.getTitle(details),
        ]);
        return { text, color: [...color] as [number, number, number, number], title };
      }, tabId);
      return withTimeout(read, timeoutMs, 'reading the badge: is the service worker stopped?');
    },
    newPage: () => context.newPage(),
    async close() {
      await context.close().catch(() => {});
      await dropProfile();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms ${what}`)), ms);
  });
  promise.catch(() => {});
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export type WorkerRunningStatus = 'STARTING' | 'RUNNING' | 'STOPPING' | 'STOPPED';

async function withInternalsPage<T>(context: BrowserContext, use: (page: Page) => Promise<T>): Promise<T> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://serviceworker-internals/');
    return await use(page);
  } finally {
    await page.close().catch(() => {});
  }
}

function registrationOf(page: Page, extensionId: string) {
  const scope = `chrome-extension://${extensionId}/`;
  return page
    .locator('.serviceworker-registration')
    .filter({ has: page.locator('.serviceworker-scope .value', { hasText: scope }) })
    .first();
}

/** The worker's running status as chrome://serviceworker-internals shows it. */
export async function serviceWorkerStatus(context: BrowserContext, extensionId: string, timeoutMs = 10_000): Promise<WorkerRunningStatus> {
  return withInternalsPage(context, async (page) => {
    const status = registrationOf(page, extensionId).locator('.serviceworker-running-status .value').first();
    await status.waitFor({ timeout: timeoutMs });
    return ((await status.textContent()) ?? '').trim() as WorkerRunningStatus;
  });
}

/**
 * Stops the extension's service worker the way a user would from chrome://serviceworker-internals
 * (Chromium does not stop it for idleness while Playwright is attached). Resolves once stopped.
 * Playwright keeps the same Worker object: evaluating in it waits until something (an event, a
 * message from an extension page) starts the worker again, then runs in the new instance.
 */
export async function stopServiceWorker(context: BrowserContext, extensionId: string, timeoutMs = 10_000): Promise<void> {
  await withInternalsPage(context, async (page) => {
    const registration = registrationOf(page, extensionId);
    const status = registration.locator('.serviceworker-running-status .value').first();
    await status.waitFor({ timeout: timeoutMs });
    if ((await status.textContent())?.trim() === 'STOPPED') return;
    await registration.locator('cr-button[data-command="stop"]').first().click({ timeout: timeoutMs });
    await waitForStatus(page, extensionId, 'STOPPED', timeoutMs);
  });
}

async function waitForStatus(page: Page, extensionId: string, wanted: WorkerRunningStatus, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    ([scope, want]) =>
      [...document.querySelectorAll('.serviceworker-registration')]
        .filter((item) => item.querySelector('.serviceworker-scope .value')?.textContent?.trim() === scope)
        .some((item) => item.querySelector('.serviceworker-running-status .value')?.textContent?.trim() === want),
    [`chrome-extension://${extensionId}/`, wanted] as const,
    { timeout: timeoutMs },
  );
}
