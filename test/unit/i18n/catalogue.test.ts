/**
 * The `_locales` catalogues: every locale has exactly the English keys, with the same
 * placeholders, nothing empty, nothing Chrome would refuse to load; the manifest's __MSG_…__
 * keys exist; and the code keeps its words in the catalogue (see source-strings.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const LOCALES_DIR = resolve(ROOT, 'public/_locales');
const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const;
const TRANSLATIONS = LOCALES.filter((l) => l !== 'en');

interface Entry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
type Catalogue = Record<string, Entry>;

const read = (locale: string): Catalogue =>
  JSON.parse(readFileSync(resolve(LOCALES_DIR, locale, 'messages.json'), 'utf8')) as Catalogue;
const en = read('en');
const catalogues = Object.fromEntries(LOCALES.map((l) => [l, read(l)])) as Record<(typeof LOCALES)[number], Catalogue>;

/** `$NAME$` references, lower-cased (Chrome matches placeholder names case-insensitively). */
function namedRefs(message: string): string[] {
  return [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
}
/** `$1`…`$9` written straight into the message (not via a placeholder). */
function positionalRefs(message: string): string[] {
  const withoutNamed = message.replace(/\$\$/g, '').replace(/\$[A-Za-z0-9_@]+\$/g, '');
  return [...withoutNamed.matchAll(/\$(\d)/g)].map((m) => m[1]!).sort();
}
function placeholderShape(entry: Entry): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
}

/** Messages that may read the same as the English one (names, or words French shares). */
const SAME_AS_ENGLISH: Record<string, readonly string[]> = {
  popup_account_pro: TRANSLATIONS,
  popup_account_pro_badge: ['de', 'fr', 'es'],
  badge_title: ['de', 'es', 'ja'],
  extName: ['ja'],
  actionTitle: ['ja'],
  popup_title: ['ja'],
  options_notifications_heading: ['fr'],
};
const UNTRANSLATED_WORDS = ['Flickr', 'API', 'Pro', 'Quota Badge', 'HTTP'];

describe('locale catalogues', () => {
  it('ships exactly the five locales the tests know', () => {
    expect(readdirSync(LOCALES_DIR).sort()).toEqual([...LOCALES].sort());
  });

  it.each(TRANSLATIONS)('%s has exactly the English keys', (locale) => {
    const keys = Object.keys(catalogues[locale]);
    const missing = Object.keys(en).filter((k) => !keys.includes(k));
    const extra = keys.filter((k) => !(k in en));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(LOCALES)('%s: every message is a non-empty string with only Chrome’s fields', (locale) => {
    const bad = Object.entries(catalogues[locale]).filter(
      ([, e]) =>
        typeof e.message !== 'string' ||
        e.message.trim() === '' ||
        Object.keys(e).some((f) => !['message', 'description', 'placeholders'].includes(f)),
    );
    expect(bad.map(([k]) => k)).toEqual([]);
  });

  it.each(LOCALES)('%s: every $NAME$ is declared, every placeholder is used, and no stray $', (locale) => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(catalogues[locale])) {
      const declared = Object.keys(placeholderShape(entry));
      const used = namedRefs(entry.message);
      for (const name of used) if (!declared.includes(name)) problems.push(`${key}: $${name}$ not declared`);
      for (const name of declared) if (!used.includes(name)) problems.push(`${key}: placeholder ${name} unused`);
      const rest = entry.message.replace(/\$\$/g, '').replace(/\$[A-Za-z0-9_@]+\$/g, '').replace(/\$\d/g, '');
      if (rest.includes('$')) problems.push(`${key}: lone $ (write $$ for a dollar sign)`);
      for (const p of Object.values(entry.placeholders ?? {})) {
        if (typeof p.content !== 'string') problems.push(`${key}: placeholder without content`);
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(TRANSLATIONS)('%s: same placeholders (names and contents) and substitutions as English', (locale) => {
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(catalogues[locale])) {
      const source = en[key];
      if (!source) continue;
      if (JSON.stringify(placeholderShape(entry)) !== JSON.stringify(placeholderShape(source))) {
        problems.push(`${key}: placeholders differ`);
      }
      if (namedRefs(entry.message).join() !== namedRefs(source.message).join()) problems.push(`${key}: $NAME$ set differs`);
      if (positionalRefs(entry.message).join() !== positionalRefs(source.message).join()) problems.push(`${key}: $n set differs`);
    }
    expect(problems).toEqual([]);
  });

  it('plural keys come in _one/_other pairs', () => {
    const keys = Object.keys(en);
    const unpaired = keys.filter((k) => k.endsWith('_one') && !keys.includes(k.replace(/_one$/, '_other')));
    expect(unpaired).toEqual([]);
    expect(keys.some((k) => k.endsWith('_one'))).toBe(true);
  });

  it.each(TRANSLATIONS)('%s is translated: no message left in English except the listed names', (locale) => {
    const same = Object.keys(en).filter(
      (k) => catalogues[locale][k]?.message === en[k]!.message && !SAME_AS_ENGLISH[k]?.includes(locale),
    );
    expect(same).toEqual([]);
  });

  it.each(TRANSLATIONS)('%s keeps Flickr, API, Pro, Quota Badge and HTTP untranslated', (locale) => {
    const lost = Object.entries(en).flatMap(([key, entry]) =>
      UNTRANSLATED_WORDS.filter((w) => entry.message.includes(w) && !catalogues[locale][key]?.message.includes(w)).map(
        (w) => `${key}: ${w}`,
      ),
    );
    expect(lost).toEqual([]);
  });

  it('only English uses the English labels the E2E helpers look for', () => {
    const english = { options_api_key: 'API key', options_api_secret: 'API secret', popup_sign_in: 'Sign in with Flickr', options_save: 'Save' };
    for (const [key, text] of Object.entries(english)) {
      expect(en[key]?.message).toBe(text);
      for (const locale of TRANSLATIONS) expect(catalogues[locale][key]?.message, `${locale} ${key}`).not.toBe(text);
    }
  });
});

describe('manifest strings', () => {
  const manifest = readFileSync(resolve(ROOT, 'manifest.json'), 'utf8');
  const keys = [...manifest.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!);

  it('every __MSG_…__ key in manifest.json is in every catalogue', () => {
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const locale of LOCALES) {
      expect(keys.filter((k) => !(k in catalogues[locale])), locale).toEqual([]);
    }
  });

  it('default_locale is English', () => {
    expect((JSON.parse(manifest) as { default_locale?: string }).default_locale).toBe('en');
  });

  it.each(LOCALES)('%s: name within 75 characters, description within 132 (Chrome’s limits)', (locale) => {
    const c = catalogues[locale];
    expect([...c.extName!.message].length).toBeLessThanOrEqual(75);
    expect([...c.extDescription!.message].length).toBeLessThanOrEqual(132);
  });
});
