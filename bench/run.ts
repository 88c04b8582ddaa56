/**
 * `npm run bench`: builds the release build into its own folder, measures everything, prints a
 * table, writes the figures to artifacts/bench/bench.json (and the table to bench.md), and marks
 * each budget met or not. It reports; it does not gate: a missed budget still exits 0 (a
 * section that could not be measured exits 1).
 *
 *   npm run bench                    everything (about a minute and a half)
 *   npm run bench -- --only sim,parse   some sections: size, browser, parse, sim
 *
 * QB_OUT moves the build (default .tmp/bench-dist). Browser parts need /usr/bin/chromium.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { capturePopup, measurePopupPaint, measureStaleRefresh, writeFloorPage } from './browser/popup';
import { launchBench, writeEmptyExtension, type BenchBrowser } from './browser/session';
import { measureContentScriptLoad, measureSelection } from './browser/upload';
import { measureWorkerStart, writeBlankPage } from './browser/worker-start';
import { releaseBuild } from './lib/build';
import { measureParse } from './parse';
import { markdownTable, policyTable, rows, type BenchResults } from './report';
import { runCallBudget } from './sim/call-budget';
import { measureSizes } from './size/sizes';

const SECTIONS = ['size', 'browser', 'parse', 'sim'] as const;
type Section = (typeof SECTIONS)[number];

const root = process.cwd();
const outDir = resolve(process.env.QB_OUT ?? '.tmp/bench-dist');
const work = resolve('.tmp/bench-work');
const artifacts = resolve('artifacts/bench');

function chosenSections(argv: readonly string[]): Set<Section> {
  const at = argv.findIndex((a) => a === '--only' || a.startsWith('--only='));
  if (at < 0) return new Set(SECTIONS);
  const value = argv[at]!.includes('=') ? argv[at]!.split('=')[1]! : (argv[at + 1] ?? '');
  const picked = value.split(',').filter((s): s is Section => (SECTIONS as readonly string[]).includes(s));
  if (!picked.length) throw new Error(`--only takes some of: ${SECTIONS.join(', ')}`);
  return new Set(picked);
}

const results: BenchResults = { errors: [] };
const timings: Record<string, number> = {};

async function section(name: string, run: () => Promise<void>): Promise<void> {
  const started = Date.now();
  process.stdout.write(`… ${name}\n`);
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results.errors.push({ section: name, message });
    console.error(`${name} failed: ${message}`);
  } finally {
    timings[name] = (Date.now() - started) / 1000;
  }
}

async function withBrowser(options: Parameters<typeof launchBench>[0], use: (b: BenchBrowser) => Promise<void>): Promise<void> {
  const browser = await launchBench(options);
  try {
    await browser.signIn();
    await use(browser);
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const only = chosenSections(process.argv.slice(2));
  const started = Date.now();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const extensionDir = join(outDir, 'chrome');

  if (only.has('size') || only.has('browser')) {
    await section('release build', async () => releaseBuild(root, outDir));
  }
  if (only.has('size')) {
    await section('size', async () => {
      results.size = await measureSizes(outDir, root, join(work, 'attribution-build'), work);
    });
  }
  if (only.has('browser')) {
    const emptyDir = join(work, 'empty-extension');
    await section('browser: upload page and popup capture', () =>
      withBrowser({ productDir: extensionDir }, async (browser) => {
        // The floor page must be in the build before the browser that measures it loads it.
        writeFloorPage(extensionDir, await capturePopup(browser));
        results.selection = await measureSelection(browser, join(work, 'selection'), [1, 100, 1000], 7);
        results.contentLoad = await measureContentScriptLoad(browser, extensionDir, 7);
      }),
    );
    writeBlankPage(extensionDir);
    writeEmptyExtension(emptyDir);
    writeBlankPage(emptyDir);
    await section('browser: popup, stale refresh, worker start', () =>
      withBrowser({ productDir: extensionDir, emptyDir }, async (browser) => {
        results.popup = await measurePopupPaint(browser, 25);
        results.stale = await measureStaleRefresh(browser, 7);
        results.workerStart = await measureWorkerStart(browser, 9);
      }),
    );
  }
  if (only.has('parse')) {
    await section('parse', async () => {
      results.parse = measureParse();
    });
  }
  if (only.has('sim')) {
    await section('call budget simulation', async () => {
      results.callBudget = await runCallBudget();
    });
  }

  const table = rows(results);
  const markdown = [
    markdownTable(table),
    ...(results.callBudget ? ['', 'Calls per user-day by policy (simulated):', '', policyTable(results.callBudget)] : []),
  ].join('\n');
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(
    join(artifacts, 'bench.json'),
    JSON.stringify({ at: new Date().toISOString(), node: process.version, seconds, sectionSeconds: timings, budgets: table, ...results }, null, 2),
  );
  writeFileSync(join(artifacts, 'bench.md'), `${markdown}\n`);
  console.log(`\n${markdown}\n`);
  const missed = table.filter((r) => r.met === false).length;
  console.log(`${missed} budget(s) not met · ${seconds.toFixed(0)} s · figures in ${join('artifacts/bench', 'bench.json')}`);
  if (results.errors.length) {
    console.error(`could not measure: ${results.errors.map((e) => e.section).join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
