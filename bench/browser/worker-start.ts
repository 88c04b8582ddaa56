/**
 * Worker cold start → badge restored from the cached status, measured from outside: the
 * product has no timing hooks. Each round, for the product and for the empty extension in the
 * same browser, alternately:
 *   1. stop the worker from chrome://serviceworker-internals;
 *   2. clear the badge from a blank page of that extension (the badge outlives the worker, so
 *      its return is what shows the new worker painted it);
 *   3. trace (ServiceWorker, v8, user timing), wake the worker with a runtime message from that
 *      page, and poll `chrome.action.getBadgeText` back to back until it is set again;
 *   4. read the times from the trace (trace.ts).
 * The REST calls seen by the emulator during the rounds show the start used no network.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';
import { stopServiceWorker } from '../../test/e2e/harness/chromium';
import { median, spread, type Spread } from '../lib/stats';
import type { BenchBrowser, Extension } from './session';
import { workerStartTimes, type TraceEvent, type WorkerStartTimes } from './trace';

export const BLANK_PAGE = 'bench-blank.html';
const BADGE_MARK = 'bench-badge-seen';
const CATEGORIES = ['ServiceWorker', 'v8', 'blink.user_timing'];

export function writeBlankPage(extensionDir: string): void {
  writeFileSync(join(extensionDir, BLANK_PAGE), '<!doctype html><meta charset="utf-8"><title>bench</title>\n');
}

/** Runs in the extension page: wake the worker, wait for the badge, mark the moment. */
const WAKE_AND_WAIT = `(async () => {
  chrome.runtime.sendMessage({ type: 'ping' }).catch(() => {});
  const deadline = performance.now() + 10000;
  while (!(await chrome.action.getBadgeText({}))) {
    if (performance.now() > deadline) throw new Error('the badge never came back');
  }
  performance.mark(${JSON.stringify(BADGE_MARK)});
})()`;

export interface WorkerStartSide {
  firstLineToBadgeMs: Spread;
  requestToBadgeMs: Spread;
  requestToFirstLineMs: Spread;
  evaluationMs: Spread;
}

export interface WorkerStartResult {
  product: WorkerStartSide;
  empty: WorkerStartSide;
  /** median(product) / median(empty), first line → badge. */
  firstLineRatio: number;
  /** median(product) / median(empty), start requested → badge. */
  requestRatio: number;
  /** REST calls the emulator saw during the product's starts. */
  restCalls: number;
  rounds: number;
}

export async function measureWorkerStart(browser: BenchBrowser, rounds: number, warmup = 1): Promise<WorkerStartResult> {
  const empty = browser.empty;
  if (!empty) throw new Error('the worker-start bench needs the empty extension');
  const tracer = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(tracer);
  const results = { product: [] as WorkerStartTimes[], empty: [] as WorkerStartTimes[] };
  const callsBefore = browser.emulator.restCallCount();
  for (let i = 0; i < warmup + rounds; i++) {
    const sides = i % 2 ? (['empty', 'product'] as const) : (['product', 'empty'] as const);
    for (const side of sides) {
      const times = await oneStart(browser, side === 'product' ? browser.product : empty, cdp);
      if (i >= warmup) results[side].push(times);
    }
  }
  const restCalls = browser.emulator.restCallCount() - callsBefore;
  await cdp.detach().catch(() => {});
  await tracer.close();
  const summarise = (list: WorkerStartTimes[]): WorkerStartSide => ({
    firstLineToBadgeMs: spread(list.map((t) => t.firstLineToBadgeMs)),
    requestToBadgeMs: spread(list.map((t) => t.requestToBadgeMs)),
    requestToFirstLineMs: spread(list.map((t) => t.requestToFirstLineMs)),
    evaluationMs: spread(list.map((t) => t.evaluationMs)),
  });
  const ratio = (key: keyof WorkerStartTimes) =>
    median(results.product.map((t) => t[key])) / median(results.empty.map((t) => t[key]));
  return {
    product: summarise(results.product),
    empty: summarise(results.empty),
    firstLineRatio: ratio('firstLineToBadgeMs'),
    requestRatio: ratio('requestToBadgeMs'),
    restCalls,
    rounds,
  };
}

/** One stop → wake → badge; tried again (up to twice) when the trace came back without a mark. */
async function oneStart(browser: BenchBrowser, extension: Extension, cdp: CDPSession, attempts = 3): Promise<WorkerStartTimes> {
  for (let attempt = 1; ; attempt++) {
    const page = await browser.context.newPage();
    try {
      await page.goto(extension.url(BLANK_PAGE));
      await stopServiceWorker(browser.context, extension.id);
      await page.evaluate(() => chrome.action.setBadgeText({ text: '' }));
      const events = await traced(cdp, async () => {
        await page.evaluate(WAKE_AND_WAIT);
        // Renderer trace buffers are flushed on Tracing.end; give the mark a moment to get there.
        await page.waitForTimeout(100);
      });
      return workerStartTimes(events, extension.worker.url(), BADGE_MARK);
    } catch (error) {
      if (attempt >= attempts) throw error;
    } finally {
      await page.close();
    }
  }
}

async function traced(cdp: CDPSession, run: () => Promise<unknown>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  // The protocol types trace events as string maps; they are JSON trace events.
  const collect = (data: { value: object[] }) => events.push(...(data.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  try {
    await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
    try {
      await run();
    } finally {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
    }
  } finally {
    cdp.off('Tracing.dataCollected', collect);
  }
  return events;
}
