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

/** One browser, signed in, for several measurements; each failure is recorded on its own. */
async function withBrowser(
  name: string,
  options: Parameters<typeof launchBench>[0],
  measurements: Record<string, (b: BenchBrowser) => Promise<void>>,
): Promise<void> {
  let browser: BenchBrowser | undefined;
  await section(`${name}: launch and sign in`, async () => {
    browser = await launchBench(options);
    await browser.signIn();
  });
  if (!browser) return;
  try {
    for (const [what, measure] of Object.entries(measurements)) await section(`${name}: ${what}`, () => measure(browser!));
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
    await withBrowser('browser A', { productDir: extensionDir }, {
      // The floor page must be in the build before the browser that measures it loads it.
      'popup capture for the floor page': async (b) => writeFloorPage(extensionDir, await capturePopup(b)),
      'file selection → warning': async (b) => {
        results.selection = await measureSelection(b, join(work, 'selection'), [1, 100, 1000], 7);
      },
      'content script at page load': async (b) => {
        results.contentLoad = await measureContentScriptLoad(b, extensionDir, 7);
      },
    });
    writeBlankPage(extensionDir);
    writeEmptyExtension(emptyDir);
    writeBlankPage(emptyDir);
    await withBrowser('browser B', { productDir: extensionDir, emptyDir }, {
      'popup paint vs floor': async (b) => {
        results.popup = await measurePopupPaint(b, 25);
      },
      'stale → fresh': async (b) => {
        results.stale = await measureStaleRefresh(b, 7);
      },
      'worker cold start': async (b) => {
        results.workerStart = await measureWorkerStart(b, 9);
      },
    });
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
