/**
 * `npm run build`: one source, two browsers.
 *   dist/chrome   — MV3 with a service worker (load unpacked in Chrome)
 *   dist/firefox  — the same files; the manifest's background also lists the worker under
 *                   `scripts` (Firefox runs it as an event page) and keeps the gecko settings.
 * The content script is built on its own as one IIFE (see vite.content.config.ts).
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { CONTENT_SCRIPT_FILE } from '../vite.content.config';

type Manifest = Record<string, unknown> & {
  background: { service_worker?: string; type?: string; scripts?: string[] };
  content_scripts?: { matches: string[]; js: string[]; run_at?: string }[];
  web_accessible_resources?: unknown[];
  browser_specific_settings?: unknown;
};

const quiet = process.argv.includes('--quiet');
/** QB_OUT moves the whole output (default `dist`), e.g. for parallel test runs. */
const out = process.env.QB_OUT ?? 'dist';
const logLevel = quiet ? 'warn' : 'info';

rmSync(out, { recursive: true, force: true });
await build({ configFile: 'vite.config.ts', logLevel });
await build({ configFile: 'vite.content.config.ts', logLevel });

const source = JSON.parse(readFileSync('manifest.json', 'utf8')) as Manifest;
const built = JSON.parse(readFileSync(`${out}/chrome/manifest.json`, 'utf8')) as Manifest;

built.content_scripts = (source.content_scripts ?? []).map((entry) => ({ ...entry, js: [CONTENT_SCRIPT_FILE] }));
// Nothing is web-accessible: no page can probe for this extension's files.
delete built.web_accessible_resources;

const { browser_specific_settings: gecko, ...chrome } = built;
writeFileSync(`${out}/chrome/manifest.json`, JSON.stringify(chrome, null, 2));

cpSync(`${out}/chrome`, `${out}/firefox`, { recursive: true });
const firefox: Manifest = {
  ...chrome,
  background: { scripts: [chrome.background.service_worker ?? 'service-worker-loader.js'], type: 'module' },
  browser_specific_settings: gecko,
};
// Firefox MV3 has no `service_worker` background; it runs `scripts` as an event page.
writeFileSync(`${out}/firefox/manifest.json`, JSON.stringify(firefox, null, 2));

if (!quiet) console.log(`built ${out}/chrome and ${out}/firefox`);
