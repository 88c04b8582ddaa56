/**
 * The code keeps its words in the catalogue: no user-visible text written into the UI code, and
 * every key the code names exists in the English catalogue with the substitutions it needs.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rawNumberSubstitutions, scanSource, scanTree } from './source-scan';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const UI_DIRS = ['src/popup', 'src/options', 'src/ui', 'src/content', 'src/background', 'src/quota'];

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
const en = JSON.parse(readFileSync(resolve(ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Record<string, Entry>;
const KEYS = new Set(Object.keys(en));
/** `quota_items_left` stands for the `_one`/`_other` pair chosen by Intl.PluralRules. */
const isPluralBase = (key: string) => KEYS.has(`${key}_one`) && KEYS.has(`${key}_other`);
/** Prefixes of the keys ("popup_", "badge_"…): a string of that shape in src is taken as a key. */
const PREFIXES = [...new Set([...KEYS].filter((k) => k.includes('_')).map((k) => k.slice(0, k.indexOf('_') + 1)))];
const keyShaped = (text: string) => PREFIXES.some((p) => text.startsWith(p)) && /^[a-z]+_[A-Za-z0-9_]+$/.test(text);

/**
 * Calls that pass a key chosen at run time. Each one's keys are strings elsewhere in src (tables,
 * the plural base), which the key-shaped-string test checks. A new call of this kind must be
 * added here, with its file and the argument exactly as written.
 */
const INDIRECT_KEYS: readonly { file: string; expression: string }[] = [
  { file: 'src/i18n.ts', expression: 'key' }, // browserTranslate itself
  { file: 'src/ui/start-page.tsx', expression: 'titleKey' }, // 'popup_title' / 'options_title'
  { file: 'src/quota/badge.ts', expression: 'entry.describe' }, // BADGE_STATES
  { file: 'src/quota/notify.ts', expression: 'c.gauge.usedUp ? keys.usedUp : keys.low' }, // TITLE_KEYS
  { file: 'src/quota/describe.ts', expression: "plural('quota_items_left', gauge.left, lang)" },
  { file: 'src/quota/describe.ts', expression: "plural('quota_videos_left', gauge.left, lang)" },
];

/** Highest $n a message substitutes, directly or through its placeholders. */
function substitutionsNeeded(entry: Entry): number {
  const contents = [entry.message, ...Object.values(entry.placeholders ?? {}).map((p) => p.content)].join(' ');
  const withoutNamed = contents.replace(/\$\$/g, '').replace(/\$[A-Za-z0-9_@]+\$/g, '');
  return Math.max(0, ...[...withoutNamed.matchAll(/\$(\d)/g)].map((m) => Number(m[1])));
}

describe('hard-coded text in UI code', () => {
  it('the scanner finds text in JSX, visible props, DOM text and attributes, and lets symbols, ids and keys pass', () => {
    const found = scanSource(
      'sample.tsx',
      `
      const a = <p>Hello there</p>;
      const b = <button aria-label="Close" data-testid="close-button" class="primary">×</button>;
      const c = <img alt={wide ? 'Wide photo' : t('photo_alt')} title={t('popup_title')} />;
      const d = <span>{'Inline words'}</span>;
      const e = <span>{count} {'…'} ∞ ▶ 5% !</span>;
      node.textContent = 'Dismiss';
      node.textContent = '×';
      button.setAttribute('aria-label', \`Close \${name}\`);
      input.placeholder = t('options_api_key');
      `,
    );
    expect(found.hardCoded.map((h) => [h.where, h.text])).toEqual([
      ['JSX text', 'Hello there'],
      ['aria-label=', 'Close'],
      ['alt=', 'Wide photo'],
      ['JSX child', 'Inline words'],
      ['.textContent =', 'Dismiss'],
      ['setAttribute(aria-label)', 'Close'],
    ]);
    expect(found.references.map((r) => r.key)).toEqual(['photo_alt', 'popup_title', 'options_api_key']);
  });

  it('finds none in src/popup, options, ui, content, background and quota', () => {
    const { hardCoded } = scanTree(ROOT, UI_DIRS);
    expect(hardCoded.map((h) => `${h.file}:${h.line} ${h.where} "${h.text}"`)).toEqual([]);
  });
});

describe('catalogue keys named in src', () => {
  const scan = scanTree(ROOT, ['src']);

  it('every literal key passed to t()/browserTranslate()/getMessage() is in the English catalogue', () => {
    const literal = scan.references.filter((r) => r.key !== undefined);
    expect(literal.length).toBeGreaterThan(50);
    expect(literal.filter((r) => !KEYS.has(r.key!)).map((r) => `${r.file}:${r.line} ${r.key}`)).toEqual([]);
  });

  it('passes at least as many substitutions as the message uses', () => {
    const short = scan.references.filter((r) => {
      const entry = r.key === undefined ? undefined : en[r.key];
      return entry && r.substitutions !== undefined && r.substitutions < substitutionsNeeded(entry);
    });
    expect(short.map((r) => `${r.file}:${r.line} ${r.key} gets ${r.substitutions}`)).toEqual([]);
  });

  it('template-built keys start with a known prefix', () => {
    const templates = scan.references.filter((r) => r.templatePrefix !== undefined);
    const unknown = templates.filter((r) => ![...KEYS].some((k) => r.templatePrefix && k.startsWith(r.templatePrefix)));
    expect(unknown.map((r) => `${r.file}:${r.line} ${r.expression}`)).toEqual([]);
  });

  it('keys chosen at run time come only from the listed call sites, and each listed one still exists', () => {
    const indirect = scan.references.filter((r) => r.key === undefined && r.templatePrefix === undefined);
    const listed = (r: { file: string; expression: string }) =>
      INDIRECT_KEYS.some((i) => i.file === r.file && i.expression === r.expression);
    expect(indirect.filter((r) => !listed(r)).map((r) => `${r.file}:${r.line} ${r.expression}`)).toEqual([]);
    const gone = INDIRECT_KEYS.filter((i) => !indirect.some((r) => r.file === i.file && r.expression === i.expression));
    expect(gone).toEqual([]);
  });

  it('every key-shaped string in src (tables, plural bases) is a catalogue key or a plural base', () => {
    const shaped = scan.strings.filter((s) => keyShaped(s.text));
    expect(shaped.length).toBeGreaterThan(50);
    const unknown = shaped.filter((s) => !KEYS.has(s.text) && !isPluralBase(s.text));
    expect(unknown.map((s) => `${s.file}:${s.line} ${s.text}`)).toEqual([]);
  });
});

describe('numbers passed into messages', () => {
  /** Identifiers, not quantities: Flickr error codes and HTTP statuses read the same everywhere. */
  const CODE_KEYS = new Set([
    "'error_signature'",
    "'error_request_bug'",
    "'error_api_other'",
    "'error_summary_api'",
    "'error_http'",
    "'error_summary_http'",
  ]);

  it('quantities are formatted for the UI language (formatCount…) before they reach t()', () => {
    const raw = rawNumberSubstitutions(ROOT, ['src']).filter((r) => !CODE_KEYS.has(r.key));
    expect(raw.map((r) => `${r.file}:${r.line} ${r.key} gets number ${r.expression}`)).toEqual([]);
  }, 30_000);
});
