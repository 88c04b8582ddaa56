/**
 * What each entry of the built extension loads, read from the build output itself: an HTML
 * page's `<script src>` and `<link rel="stylesheet" href>`, and every JS file's static imports
 * (`import … from "./x.js"`, `import "./x.js"`), followed to the end, shared chunks included.
 * Dynamic `import()` is listed apart: it is not loaded at start.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface EntryFiles {
  /** Paths relative to the extension root, in load order, each once. */
  files: string[];
  /** Targets of dynamic import(), not counted. */
  lazy: string[];
}

const STATIC_IMPORT = /(?:^|[;\s}])(?:import|export)\s*(?:[\w$*{},\s]+?\s*from\s*)?["'`]([^"'`]+)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g;
const SCRIPT_SRC = /<script\b[^>]*\bsrc="([^"]+)"/g;
const STYLESHEET = /<link\b(?=[^>]*\brel="stylesheet")[^>]*\bhref="([^"]+)"/g;

/** Resolves `ref` as the browser would, from the file `from` (both relative to `root`). */
function resolveRef(from: string, ref: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) return undefined; // another origin or scheme: not ours
  const path = ref.startsWith('/') ? ref.slice(1) : join(dirname(from), ref);
  return normalize(path).split('?')[0];
}

export function entryFiles(root: string, entry: string): EntryFiles {
  const files: string[] = [];
  const lazy = new Set<string>();
  const visit = (file: string) => {
    if (files.includes(file)) return;
    if (!existsSync(join(root, file))) throw new Error(`${file} is referenced but not in the build`);
    files.push(file);
    const text = readFileSync(join(root, file), 'utf8');
    if (file.endsWith('.html')) {
      for (const pattern of [SCRIPT_SRC, STYLESHEET]) {
        for (const [, ref] of text.matchAll(pattern)) {
          const target = resolveRef(file, ref!);
          if (target) visit(target);
        }
      }
    } else if (file.endsWith('.js')) {
      for (const [, ref] of text.matchAll(STATIC_IMPORT)) {
        const target = resolveRef(file, ref!);
        if (target) visit(target);
      }
      for (const [, ref] of text.matchAll(DYNAMIC_IMPORT)) {
        const target = resolveRef(file, ref!);
        if (target && !files.includes(target)) lazy.add(target);
      }
    }
  };
  visit(normalize(entry));
  return { files, lazy: [...lazy].filter((f) => !files.includes(f)) };
}

export function gzipBytes(content: Buffer | string): number {
  return gzipSync(content, { level: 9 }).length;
}

export interface EntrySize {
  entry: string;
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  /** Sum of each file gzipped on its own (how the files are stored and sent). */
  gzipBytes: number;
  lazy: string[];
}

export function entrySize(root: string, entry: string): EntrySize {
  const { files, lazy } = entryFiles(root, entry);
  const sized = files.map((file) => {
    const content = readFileSync(join(root, file));
    return { file, bytes: content.length, gzipBytes: gzipBytes(content) };
  });
  return {
    entry,
    files: sized,
    bytes: sized.reduce((s, f) => s + f.bytes, 0),
    gzipBytes: sized.reduce((s, f) => s + f.gzipBytes, 0),
    lazy,
  };
}

/** The four entries, from the built manifest. */
export function manifestEntries(root: string): Record<'worker' | 'popup' | 'options' | 'content', string> {
  const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8')) as {
    background: { service_worker: string };
    action: { default_popup: string };
    options_ui: { page: string };
    content_scripts: { js: string[] }[];
  };
  const content = manifest.content_scripts.flatMap((c) => c.js);
  if (content.length !== 1) throw new Error(`expected one content script, found ${content.length}`);
  return {
    worker: manifest.background.service_worker,
    popup: manifest.action.default_popup,
    options: manifest.options_ui.page,
    content: content[0]!,
  };
}
