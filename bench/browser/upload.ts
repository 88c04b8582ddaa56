/**
 * The upload page (the emulator's uploader at https://www.flickr.com/photos/upload/).
 *
 * Selection → warning: Playwright hands real files on disk to the page's file input (CDP
 * DOM.setFileInputFiles, as a file chooser would). Page-world code starts the clock in a
 * capture listener on `window` (it runs before the content script's listener on `document`) and
 * stops it in a MutationObserver when the `<quota-badge-warning>` host is inserted; that
 * observer runs right after the content script's listener, before the page's own handlers.
 * A second pass reads every `File.size` in the page-world listener first, which splits the
 * time into the browser's file metadata (one synchronous lookup per file on disk, paid by the
 * first reader) and the content script's own work.
 *
 * Script time at page load: a V8 CPU profile (50 µs sampling) from before navigation to half a
 * second after `load`, in a fresh tab (fresh renderer, as when a user opens the uploader), and
 * the samples with a content-script frame on the stack (see profile.ts). Cross-check: the
 * page's ScriptDuration metric with the content script and without it (`flickr.com` without
 * `www` serves the same page and is not matched by the content script).
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { WARNING_TAG } from '../../src/content/warning';
import { CONTENT_SCRIPT_FILE } from '../../vite.content.config';
import { median, round, spread, type Spread } from '../lib/stats';
import { idleWarmupFrame, scriptTime, type CallFrame, type CpuProfile } from './profile';
import type { BenchBrowser } from './session';

const UPLOADER = '/photos/upload/';

/** One photo over the 200 MB limit (sparse: no disk used), the rest 1-byte photos. */
export function writeSelectionFiles(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true });
  const big = join(dir, 'too-large.jpg');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 300 * 1024 * 1024);
  closeSync(fd);
  const files = [big];
  for (let i = 1; i < count; i++) {
    const file = join(dir, `photo-${String(i).padStart(4, '0')}.jpg`);
    writeFileSync(file, 'x');
    files.push(file);
  }
  return files;
}

const SELECTION_PROBE = `(() => {
  const bench = (window.__bench = { preRead: false, t0: 0, t1: 0, results: [] });
  addEventListener('change', (event) => {
    bench.t0 = performance.now();
    const files = event.target && event.target.files;
    if (bench.preRead && files) for (let i = 0; i < files.length; i++) void files[i].size;
    bench.t1 = performance.now();
  }, true);
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) {
      if (node.localName === ${JSON.stringify(WARNING_TAG)}) {
        const t = performance.now();
        bench.results.push({ totalMs: t - bench.t0, afterSizesMs: t - bench.t1 });
      }
    }
  }).observe(document.documentElement, { childList: true });
})();`;

export interface SelectionResult {
  files: number;
  /** change event → warning host in the DOM. */
  warningMs: Spread;
  /** Same, when every File.size was read before the content script ran: its own work. */
  contentScriptOnlyMs: Spread;
}

export async function measureSelection(
  browser: BenchBrowser,
  filesDir: string,
  counts: readonly number[],
  reps: number,
  warmup = 2,
): Promise<SelectionResult[]> {
  const all = writeSelectionFiles(filesDir, Math.max(...counts));
  const page = await browser.context.newPage();
  await page.goto(`https://www.flickr.com${UPLOADER}`);
  await page.evaluate(SELECTION_PROBE);
  const input = page.locator('#file-input');
  // The first selection waits for the worker's limits; later ones use them.
  const select = async (count: number, preRead: boolean) => {
    await page.evaluate(`window.__bench.preRead = ${preRead}`);
    const before = await page.evaluate('window.__bench.results.length');
    await input.setInputFiles(all.slice(0, count));
    await page.waitForFunction(`window.__bench.results.length > ${before}`, undefined, { timeout: 10_000 });
    const result = (await page.evaluate('window.__bench.results.at(-1)')) as { totalMs: number; afterSizesMs: number };
    await input.setInputFiles([]);
    await page.waitForFunction(`!document.querySelector(${JSON.stringify(WARNING_TAG)})`);
    return result;
  };
  for (let i = 0; i < warmup; i++) for (const count of counts) await select(count, false);
  const plain = new Map<number, number[]>(counts.map((c) => [c, []]));
  const own = new Map<number, number[]>(counts.map((c) => [c, []]));
  for (let i = 0; i < reps; i++) {
    for (const count of counts) {
      plain.get(count)!.push((await select(count, false)).totalMs);
      own.get(count)!.push((await select(count, true)).afterSizesMs);
    }
  }
  await page.close();
  return counts.map((count) => ({
    files: count,
    warningMs: spread(plain.get(count)!),
    contentScriptOnlyMs: spread(own.get(count)!),
  }));
}

type LoadVariant = 'content-script' | 'page-uses-intl' | 'no-content-script';

/** Formats a number in the page's own world at document start, as a real site's scripts do. */
const PAGE_INTL = `new Intl.NumberFormat(navigator.language).format(1234.5);`;

interface LoadSample {
  scriptMs: number;
  topLevelMs: number;
  warmupMs: number;
  scriptDurationMs: number;
}

export interface ContentScriptLoadResult {
  /** Samples with a content-script frame on the stack, per page load (fresh tab), ms. */
  scriptMs: Spread;
  /** Of which the script's injection (top-level run), ms. */
  topLevelMs: Spread;
  /** Of which the idle-time Intl warm-up (formatBytes in requestIdleCallback), ms. */
  intlWarmupMs: Spread | undefined;
  /** The same when the page itself formatted a number first (Intl already in use). */
  pageUsesIntl: { scriptMs: Spread; intlWarmupMs: Spread | undefined };
  /** Cross-check: median page ScriptDuration with the content script minus without, ms. */
  scriptDurationDeltaMs: number;
  scriptDurationMs: { withContentScript: Spread; without: Spread };
}

export async function measureContentScriptLoad(browser: BenchBrowser, extensionDir: string, reps: number): Promise<ContentScriptLoadResult> {
  const scriptUrl = browser.product.url(CONTENT_SCRIPT_FILE);
  const source = readFileSync(join(extensionDir, CONTENT_SCRIPT_FILE), 'utf8');
  const warmup = idleWarmupFrame(source);
  const samples = new Map<LoadVariant, LoadSample[]>([
    ['content-script', []],
    ['page-uses-intl', []],
    ['no-content-script', []],
  ]);
  const variants = [...samples.keys()];
  for (let i = 0; i < reps + 1; i++) {
    for (const variant of variants) {
      const sample = await profileLoad(browser, variant, scriptUrl, warmup);
      if (i > 0) samples.get(variant)!.push(sample); // the first round warms the HTTP cache
    }
  }
  const pick = (variant: LoadVariant, key: keyof LoadSample) => samples.get(variant)!.map((s) => s[key]);
  const warmups = (variant: LoadVariant) => (warmup ? spread(pick(variant, 'warmupMs')) : undefined);
  const sdWith = pick('content-script', 'scriptDurationMs');
  const sdWithout = pick('no-content-script', 'scriptDurationMs');
  return {
    scriptMs: spread(pick('content-script', 'scriptMs')),
    topLevelMs: spread(pick('content-script', 'topLevelMs')),
    intlWarmupMs: warmups('content-script'),
    pageUsesIntl: { scriptMs: spread(pick('page-uses-intl', 'scriptMs')), intlWarmupMs: warmups('page-uses-intl') },
    scriptDurationDeltaMs: round(median(sdWith) - median(sdWithout), 2),
    scriptDurationMs: { withContentScript: spread(sdWith), without: spread(sdWithout) },
  };
}

async function profileLoad(
  browser: BenchBrowser,
  variant: LoadVariant,
  scriptUrl: string,
  warmup: ((frame: CallFrame) => boolean) | undefined,
): Promise<LoadSample> {
  const page = await browser.context.newPage();
  if (variant === 'page-uses-intl') await page.addInitScript(PAGE_INTL);
  const cdp: CDPSession = await browser.context.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    const host = variant === 'no-content-script' ? 'flickr.com' : 'www.flickr.com';
    await page.goto(`https://${host}${UPLOADER}`, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
    const { metrics } = await cdp.send('Performance.getMetrics');
    const time = scriptTime(profile, scriptUrl, warmup);
    return {
      scriptMs: time.totalMs,
      topLevelMs: time.topLevelMs,
      warmupMs: time.markedMs,
      scriptDurationMs: (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? Number.NaN) * 1000,
    };
  } finally {
    await cdp.detach().catch(() => {});
    await page.close();
  }
}
