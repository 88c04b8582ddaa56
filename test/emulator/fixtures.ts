/** Reads the Flickr reply bodies kept in test/fixtures/flickr (real samples and synthetic-* files). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const cache = new Map<string, string>();

export function fixture(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(fileURLToPath(new URL(`../fixtures/flickr/${name}`, import.meta.url)), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/** Wraps a bare `<user>` body (Flickr's documentation example) the way Flickr sends it. */
export function wrapOk(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="ok">\n${inner}</rsp>\n`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: '$attrs',
  textNodeName: '$text',
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  processEntities: false,
});

/** Fields that real JSON replies carry as numbers; every other value stays a string, as Flickr does. */
const NUMERIC_IN_JSON = new Set(['ispro', 'used', 'usedbytes', 'usedkb', 'unlimited', 'created', 'uploaded', 'upload_count']);

type JsonValue = string | number | JsonObject;
interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Flickr's JSON form of an `<rsp stat="ok">` XML reply: attributes become properties, text
 * nodes become `{"_content": …}`, and `stat` moves to the end.
 */
export function okXmlToFlickrJson(xml: string): string {
  const tree = parser.parse(xml) as { rsp?: Record<string, unknown> };
  const rsp = tree.rsp;
  if (!rsp) throw new Error('not an <rsp> reply');
  const out: JsonObject = {};
  for (const [name, child] of Object.entries(rsp)) {
    if (name !== '$attrs') out[name] = element(child);
  }
  out.stat = 'ok';
  return JSON.stringify(out);
}

function element(node: unknown): JsonObject {
  if (typeof node !== 'object' || node === null) return { _content: String(node ?? '') };
  const out: JsonObject = {};
  const record = node as Record<string, unknown>;
  const attrs = (record.$attrs ?? {}) as Record<string, string>;
  for (const [name, value] of Object.entries(attrs)) {
    out[name] = NUMERIC_IN_JSON.has(name) && /^\d+$/.test(value) ? Number(value) : value;
  }
  for (const [name, child] of Object.entries(record)) {
    if (name === '$attrs') continue;
    if (name === '$text') out._content = String(child);
    else out[name] = element(child);
  }
  return out;
}

export function failJson(code: number, message: string): string {
  return JSON.stringify({ stat: 'fail', code, message });
}

export function failXml(code: number, message: string): string {
  return `<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="fail">\n\t<err code="${code}" msg="${escapeXml(message)}" />\n</rsp>\n`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
