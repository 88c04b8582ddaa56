/** Real and synthetic Flickr bodies from test/fixtures/flickr, shaped for the parse tests and fuzzing. */
import { readFileSync, readdirSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/flickr/', import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** The documentation example is a bare `<user>`; Flickr sends it inside `<rsp stat="ok">`. */
export function wrapOk(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="ok">\n${inner}\n</rsp>\n`;
}

/** Flickr's JSON shape rendered as its XML twin: objects → elements, `_content` → text. */
export function xmlFromFlickrJson(name: string, value: unknown): string {
  if (typeof value !== 'object' || value === null) throw new Error(`${name} is not an object`);
  const attrs: string[] = [];
  const inner: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key === '_content') inner.push(String(v));
    else if (typeof v === 'object' && v !== null) inner.push(xmlFromFlickrJson(key, v));
    else attrs.push(` ${key}="${String(v)}"`);
  }
  return `<${name}${attrs.join('')}>${inner.join('\n')}</${name}>`;
}

export function free2014Xml(): string {
  const json = JSON.parse(fixture('free-2014-getUploadStatus.json')) as { user: unknown };
  return wrapOk(xmlFromFlickrJson('user', json.user));
}

/** Every well-formed getUploadStatus reply we have, by name. */
export function uploadStatusSamples(): ReadonlyArray<readonly [name: string, body: string]> {
  const synthetic = readdirSync(FIXTURES)
    .filter((name) => /^synthetic-.*-getUploadStatus\.xml$/.test(name))
    .sort()
    .map((name) => [name, fixture(name)] as const);
  return [
    ['doc-example-getUploadStatus.xml (wrapped)', wrapOk(fixture('doc-example-getUploadStatus.xml'))],
    ['free-2014-getUploadStatus.json (as XML)', free2014Xml()],
    ...synthetic,
  ];
}

export function limitsSamples(): ReadonlyArray<readonly [name: string, body: string]> {
  return [
    ['synthetic-getLimits-free.xml', fixture('synthetic-getLimits-free.xml')],
    [
      'hand-written getLimits without videos',
      wrapOk('<person nsid="30135021@N05">\n\t<photos maxdisplaypx="1024" maxupload="15728640" />\n</person>'),
    ],
  ];
}

export function failureSamples(): string[] {
  return readdirSync(FIXTURES)
    .filter((name) => /^(synthetic-)?err\d+.*\.xml$/.test(name))
    .sort()
    .map(fixture);
}
