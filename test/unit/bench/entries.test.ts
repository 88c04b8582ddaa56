import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { entryFiles, entrySize, gzipBytes, manifestEntries } from '../../../bench/size/entries';
import { buildZip } from '../../../bench/size/zip';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function build(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'bench-entries-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('what an entry of the build loads', () => {
  it('follows script and stylesheet tags, then static imports through shared chunks, each file once', () => {
    const dir = build({
      'src/popup/index.html':
        '<script type="module" crossorigin src="/assets/popup.js"></script><link rel="stylesheet" crossorigin href="/assets/popup.css"><link rel="icon" href="/icon.png">',
      'assets/popup.js': 'import{a as e}from"./shared.js";import"./side.js";const l=()=>import("./lazy.js");',
      'assets/shared.js': 'export{x as a}from"./deep.js";',
      'assets/side.js': 'import{a}from"./shared.js";',
      'assets/deep.js': 'export const x=1;',
      'assets/lazy.js': 'export const y=2;',
      'assets/popup.css': 'body{}',
    });
    expect(entryFiles(dir, 'src/popup/index.html')).toEqual({
      files: ['src/popup/index.html', 'assets/popup.js', 'assets/shared.js', 'assets/deep.js', 'assets/side.js', 'assets/popup.css'],
      lazy: ['assets/lazy.js'],
    });
  });

  it('fails loudly when a referenced file is missing from the build', () => {
    const dir = build({ 'loader.js': "import './assets/gone.js';" });
    expect(() => entryFiles(dir, 'loader.js')).toThrow(/assets\/gone\.js/);
  });

  it('sums each file gzipped on its own', () => {
    const dir = build({ 'a.js': 'import"./b.js";'.padEnd(500, ' '), 'b.js': 'x'.repeat(2000) });
    const size = entrySize(dir, 'a.js');
    expect(size.bytes).toBe(2500);
    expect(size.gzipBytes).toBe(gzipBytes('import"./b.js";'.padEnd(500, ' ')) + gzipBytes('x'.repeat(2000)));
  });

  it('reads the four entries from the built manifest', () => {
    const dir = build({
      'manifest.json': JSON.stringify({
        background: { service_worker: 'sw.js' },
        action: { default_popup: 'p.html' },
        options_ui: { page: 'o.html' },
        content_scripts: [{ js: ['c.js'] }],
      }),
    });
    expect(manifestEntries(dir)).toEqual({ worker: 'sw.js', popup: 'p.html', options: 'o.html', content: 'c.js' });
  });
});

describe('the zip written without the zip tool', () => {
  it('holds every file, deflated, findable through its central directory', () => {
    const dir = build({ 'manifest.json': '{"a":1}', 'assets/x.js': 'let x = 1;'.repeat(50) });
    const zip = buildZip(dir);
    const end = zip.length - 22;
    expect(zip.readUInt32LE(end)).toBe(0x06054b50);
    expect(zip.readUInt16LE(end + 10)).toBe(2);
    let at = zip.readUInt32LE(end + 16);
    const found: Record<string, string> = {};
    for (let i = 0; i < 2; i++) {
      expect(zip.readUInt32LE(at)).toBe(0x02014b50);
      const nameLength = zip.readUInt16LE(at + 28);
      const name = zip.subarray(at + 46, at + 46 + nameLength).toString();
      const local = zip.readUInt32LE(at + 42);
      const packed = zip.readUInt32LE(at + 20);
      const start = local + 30 + zip.readUInt16LE(local + 26);
      found[name] = inflateRawSync(zip.subarray(start, start + packed)).toString();
      at += 46 + nameLength;
    }
    expect(found).toEqual({ 'assets/x.js': 'let x = 1;'.repeat(50), 'manifest.json': '{"a":1}' });
  });
});
