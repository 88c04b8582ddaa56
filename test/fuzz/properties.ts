/**
 * Property tests for the Flickr client's pure parts. Shared by the short vitest run
 * (test/unit/flickr/parse.fuzz.test.ts) and the deep run (test/fuzz/deep.ts).
 *
 * The rule for every parser: on any input it returns a well-formed value (every number a
 * non-negative safe integer, consistent with the input where the input was valid) or throws a
 * FlickrError — never another exception, never NaN.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { FlickrError, type FlickrFailure } from '../../src/flickr/errors';
import { REQUEST_TOKEN_URL, REST_URL } from '../../src/flickr/client';
import { createSigner, percentEncode } from '../../src/flickr/oauth';
import {
  parseAccessGrant,
  parseEnvelope,
  parseLimits,
  parseOAuthForm,
  parseRequestToken,
  parseUploadStatus,
} from '../../src/flickr/parse';
import type { AccountLimits, UploadStatus } from '../../src/flickr/types';
import { failureSamples, limitsSamples, uploadStatusSamples, wrapOk } from './samples';

export interface FuzzProperty {
  name: string;
  /** Runs in the deep run; the short run uses a fixed small number for every property. */
  deepRuns: number;
  property: fc.IProperty<never>;
}

// ---------------------------------------------------------------------------------------------
// Checks

function fail(message: string, value: unknown): never {
  throw new Error(`${message}: ${JSON.stringify(value)}`);
}

const BAD_BODY_REASONS = new Set([
  'empty',
  'html',
  'json',
  'doctype',
  'too-large',
  'malformed',
  'unexpected-root',
  'missing-fields',
]);

function checkFailure(failure: FlickrFailure): void {
  if (failure.kind === 'api') {
    if (!Number.isSafeInteger(failure.code) || typeof failure.message !== 'string') fail('bad api failure', failure);
  } else if (failure.kind === 'bad-body') {
    if (!BAD_BODY_REASONS.has(failure.reason) || typeof failure.detail !== 'string') fail('bad bad-body', failure);
  } else {
    fail('a parser reported a transport failure', failure);
  }
}

function checkCount(value: unknown, field: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(`${field} is not a count`, value);
}

function checkOptionalCount(value: unknown, field: string): void {
  if (value !== undefined) checkCount(value, field);
}

function checkOptionalText(value: unknown, field: string): void {
  if (value !== undefined && (typeof value !== 'string' || value === '')) fail(`${field} is not text`, value);
}

function checkKeys(value: object, keys: string[], what: string): void {
  const actual = Object.keys(value).sort();
  if (actual.join() !== [...keys].sort().join()) fail(`${what} has keys`, actual);
}

export function checkUploadStatus(s: UploadStatus): void {
  checkKeys(s, ['nsid', 'username', 'isPro', 'proBadge', 'bandwidth', 'photoMaxBytes', 'videoMaxBytes', 'videoAllowance', 'videosUploaded', 'setsCreated', 'itemLimit'], 'UploadStatus');
  if (typeof s.nsid !== 'string' || s.nsid === '') fail('nsid', s.nsid);
  if (typeof s.username !== 'string') fail('username', s.username);
  if (typeof s.isPro !== 'boolean') fail('isPro', s.isPro);
  checkOptionalText(s.proBadge, 'proBadge');
  checkKeys(s.bandwidth, ['unlimited', 'maxBytes', 'usedBytes', 'remainingBytes'], 'bandwidth');
  if (typeof s.bandwidth.unlimited !== 'boolean') fail('bandwidth.unlimited', s.bandwidth.unlimited);
  checkCount(s.bandwidth.maxBytes, 'bandwidth.maxBytes');
  checkCount(s.bandwidth.usedBytes, 'bandwidth.usedBytes');
  checkCount(s.bandwidth.remainingBytes, 'bandwidth.remainingBytes');
  checkCount(s.photoMaxBytes, 'photoMaxBytes');
  checkOptionalCount(s.videoMaxBytes, 'videoMaxBytes');
  if (s.videoAllowance.kind === 'limited') checkCount(s.videoAllowance.remaining, 'videoAllowance.remaining');
  else if (s.videoAllowance.kind !== 'unlimited') fail('videoAllowance', s.videoAllowance);
  checkOptionalCount(s.videosUploaded, 'videosUploaded');
  checkOptionalCount(s.setsCreated, 'setsCreated');
  if (s.itemLimit !== undefined) {
    checkKeys(s.itemLimit, ['uploadCount', 'uploadLimit', 'status'], 'itemLimit');
    checkCount(s.itemLimit.uploadCount, 'itemLimit.uploadCount');
    checkCount(s.itemLimit.uploadLimit, 'itemLimit.uploadLimit');
    checkOptionalText(s.itemLimit.status, 'itemLimit.status');
  }
}

export function checkLimits(l: AccountLimits): void {
  checkKeys(l, ['nsid', 'photoMaxDisplayPx', 'photoMaxBytes', 'videoMaxBytes', 'videoMaxSeconds'], 'AccountLimits');
  if (typeof l.nsid !== 'string' || l.nsid === '') fail('nsid', l.nsid);
  checkOptionalCount(l.photoMaxDisplayPx, 'photoMaxDisplayPx');
  checkOptionalCount(l.photoMaxBytes, 'photoMaxBytes');
  checkOptionalCount(l.videoMaxBytes, 'videoMaxBytes');
  checkOptionalCount(l.videoMaxSeconds, 'videoMaxSeconds');
}

type Outcome<T> = { ok: true; value: T } | { ok: false; failure: FlickrFailure };

/** Parser calls of the current run that returned a value / threw a FlickrError. */
const tally = { values: 0, refusals: 0 };

/** Runs a parser; a value goes through `check`, a FlickrError through checkFailure, anything else fails. */
function outcome<T>(run: () => T, check: (value: T) => void): Outcome<T> {
  let value: T;
  try {
    value = run();
  } catch (error) {
    if (!(error instanceof FlickrError)) throw error;
    checkFailure(error.failure);
    tally.refusals += 1;
    return { ok: false, failure: error.failure };
  }
  check(value);
  tally.values += 1;
  return { ok: true, value };
}

function sameJson(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual, (_k, v: unknown) => (v === undefined ? '<undefined>' : v));
  const e = JSON.stringify(expected, (_k, v: unknown) => (v === undefined ? '<undefined>' : v));
  if (a !== e) throw new Error(`${what}\n  expected ${e}\n  got      ${a}`);
}

// ---------------------------------------------------------------------------------------------
// Inputs

const utf8 = new TextEncoder();
const lenientUtf8 = new TextDecoder('utf-8');

/** Strings of every kind: printable ASCII, any code point, and markup-heavy soup. */
const anyString = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(
      fc.constantFrom('<', '>', '/', '=', '"', "'", '&', ';', '#', '!', '?', ' ', 'rsp', 'stat', 'ok', 'fail', 'user', 'err', 'code', '<!DOCTYPE', '<![CDATA[', ']]>', '<?xml', '?>', '-->', '<!--', '1', '-', 'x', '__proto__', 'constructor', 'prototype', 'toString', '@_', '#text', '&amp;', '&#'),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
);

/** Random text after an `ok` envelope start, to get past the classifier into the parser. */
const envelopedString = fc
  .tuple(fc.constantFrom('<rsp stat="ok">', '<rsp stat="ok"><user id="1@N01" ispro="0">', '<rsp stat="fail">'), anyString, fc.boolean())
  .map(([start, inner, close]) => `${start}${inner}${close ? '</rsp>' : ''}`);

/** Names that matter to Flickr replies, plus names that are dangerous as JavaScript keys. */
const elementName = fc.constantFrom('rsp', 'user', 'username', 'bandwidth', 'filesize', 'videosize', 'sets', 'videos', 'err', 'person', 'photos', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'a', 'x:y');
const attributeName = fc.constantFrom('stat', 'id', 'nsid', 'ispro', 'code', 'msg', 'maxbytes', 'usedbytes', 'remainingbytes', 'unlimited', 'remaining', 'uploaded', 'created', 'upload_limit', 'upload_count', 'maxupload', 'maxduration', '__proto__', 'constructor', 'toString', 'xmlns:x');
const attributeValue = fc.oneof(fc.constantFrom('ok', 'fail', 'lots', '1', '0', '-1', '', '98'), fc.nat().map(String), fc.string({ maxLength: 8 }).map(escapeXml));

const { xmlTree } = fc.letrec((tie) => ({
  xmlTree: fc
    .record({
      name: elementName,
      attrs: fc.uniqueArray(fc.tuple(attributeName, attributeValue), { maxLength: 4, selector: ([name]) => name }),
      children: fc.array(fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('xmlText'), tie('xmlTree')), { maxLength: 4 }),
    })
    .map(({ name, attrs, children }) => {
      const head = `<${name}${attrs.map(([k, v]) => ` ${k}="${v}"`).join('')}`;
      return children.length === 0 ? `${head}/>` : `${head}>${children.join('')}</${name}>`;
    }),
  xmlText: fc.string({ maxLength: 10 }).map(escapeXml),
}));

/** Well-formed documents, mostly rooted at <rsp>, with random structure and names. */
const randomTree = fc
  .tuple(fc.constantFrom('', '<?xml version="1.0" encoding="utf-8" ?>\n'), fc.constantFrom('ok', 'fail', undefined), fc.array(xmlTree as fc.Arbitrary<string>, { maxLength: 4 }), fc.boolean())
  .map(([declaration, stat, children, rsp]) =>
    rsp ? `${declaration}<rsp${stat === undefined ? '' : ` stat="${stat}"`}>${children.join('')}</rsp>` : `${declaration}${children[0] ?? '<rsp/>'}`,
  );

const randomBody = fc.oneof(anyString, envelopedString, randomTree);

const randomUtf8Body = fc.uint8Array({ maxLength: 400 }).map((bytes) => lenientUtf8.decode(bytes));

/** Any byte, but mostly printable ASCII so that some flipped samples stay well-formed. */
const flipByte = fc.oneof(
  fc.integer({ min: 0, max: 255 }),
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.constantFrom(...utf8.encode('0123456789-.e"<>&/= ')),
);

/** A position as a fraction of the body, spread evenly (no bias towards the start). */
const position = fc.noBias(fc.integer({ min: 0, max: 2 ** 30 - 1 })).map((n) => n / 2 ** 30);
const flip = fc.tuple(position, flipByte);

/** Any sample with some of its UTF-8 bytes replaced. */
function byteFlipped(samples: ReadonlyArray<readonly [string, string]>) {
  return fc
    .tuple(
      fc.constantFrom(...samples.map(([, body]) => utf8.encode(body))),
      fc.oneof(
        fc.array(flip, { minLength: 1, maxLength: 2 }),
        fc.array(flip, { minLength: 1, maxLength: 8 }),
      ),
    )
    .map(([bytes, flips]) => {
      const copy = bytes.slice();
      for (const [at, byte] of flips) copy[Math.floor(at * copy.length)] = byte;
      return lenientUtf8.decode(copy);
    });
}

function truncated(samples: ReadonlyArray<readonly [string, string]>) {
  return fc
    .tuple(fc.constantFrom(...samples.map(([, body]) => body)), position)
    .map(([body, at]) => body.slice(0, Math.floor(at * body.length)));
}

interface AttributeSite {
  element: string;
  name: string;
  start: number;
  end: number;
}

/** Every `name="value"` in a sample, with the element it belongs to. */
function attributeSites(body: string): AttributeSite[] {
  const sites: AttributeSite[] = [];
  for (const match of body.matchAll(/([A-Za-z_]+)="([^"]*)"/g)) {
    const open = body.lastIndexOf('<', match.index);
    const element = /^<([A-Za-z_?]+)/.exec(body.slice(open))?.[1] ?? '';
    const valueStart = match.index + (match[1]?.length ?? 0) + 2;
    sites.push({ element, name: match[1] ?? '', start: valueStart, end: valueStart + (match[2]?.length ?? 0) });
  }
  return sites;
}

/** Values a number field must survive: valid counts and every near miss. */
const numberLike = fc.oneof(
  fc.nat().map(String),
  fc.maxSafeNat().map(String),
  fc.bigInt({ min: 2n ** 53n, max: 10n ** 30n }).map(String),
  fc.integer({ min: -1e12, max: -1 }).map(String),
  fc.double().map(String),
  fc.constantFrom('', '-1', '0', '1', 'lots', '1e3', '0x1F', '+5', '٣', '9007199254740991', '9007199254740992', '00', '1.0', 'NaN', 'Infinity'),
);

interface Replacement {
  sample: string;
  site: AttributeSite;
  value: string;
  /** True when the value comes from `numberLike`, so the outcome can be predicted. */
  predictable: boolean;
}

function attributeReplaced(samples: ReadonlyArray<readonly [string, string]>): fc.Arbitrary<Replacement> {
  const withSites = samples.map(([, body]) => ({ body, sites: attributeSites(body) }));
  return fc
    .tuple(
      fc.constantFrom(...withSites),
      fc.nat(),
      fc.oneof(
        numberLike.map((value) => ({ value, predictable: true })),
        fc.string({ unit: 'binary', maxLength: 30 }).map((value) => ({ value, predictable: false })),
      ),
    )
    .map(([{ body, sites }, pick, { value, predictable }]) => {
      const site = sites[pick % sites.length];
      if (!site) throw new Error('sample without attributes');
      return { sample: body, site, value, predictable };
    });
}

function applyReplacement(r: Replacement): string {
  return r.sample.slice(0, r.site.start) + r.value + r.sample.slice(r.site.end);
}

// ---------------------------------------------------------------------------------------------
// Oracles: what a one-attribute change must do to the unchanged sample's result

/** Independent of parse.ts: decimal digits within the safe range, via BigInt. */
function countOf(value: string): number | undefined {
  if (!/^[0-9]+$/.test(value)) return undefined;
  return BigInt(value) <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

const ERROR = Symbol('error');
type Expected<T> = T | typeof ERROR;

function required<T>(value: string, set: (n: number) => T): Expected<T> {
  const n = countOf(value);
  return n === undefined ? ERROR : set(n);
}

function optional<T>(value: string, set: (n: number | undefined) => T, noLimit = false): Expected<T> {
  if (value === '' || (noLimit && value === '-1')) return set(undefined);
  return required(value, set);
}

/** undefined = this attribute is not read (the result must not change). */
function expectedUploadStatus(base: UploadStatus, site: AttributeSite, value: string): Expected<UploadStatus> | undefined {
  const key = `${site.element}@${site.name}`;
  const bw = base.bandwidth;
  switch (key) {
    case 'user@id':
      return value === '' ? ERROR : { ...base, nsid: value };
    case 'user@ispro':
      return value === '1' || value === '0' ? { ...base, isPro: value === '1' } : ERROR;
    case 'user@pro_badge':
      return { ...base, proBadge: value === '' ? undefined : value };
    case 'user@upload_limit':
      return optional(value, (n) => {
        if (n === undefined) return { ...base, itemLimit: undefined };
        if (!base.itemLimit) throw new Error('sample with upload_limit but no itemLimit');
        return { ...base, itemLimit: { ...base.itemLimit, uploadLimit: n } };
      }, true);
    case 'user@upload_count':
      if (!base.itemLimit) return undefined;
      return required(value, (n) => ({ ...base, itemLimit: base.itemLimit && { ...base.itemLimit, uploadCount: n } }));
    case 'user@upload_limit_status':
      if (!base.itemLimit) return undefined;
      return { ...base, itemLimit: { ...base.itemLimit, status: value === '' ? undefined : value } };
    case 'bandwidth@unlimited':
      return value === '1' || value === '0' ? { ...base, bandwidth: { ...bw, unlimited: value === '1' } } : ERROR;
    case 'bandwidth@maxbytes':
      return required(value, (n) => ({ ...base, bandwidth: { ...bw, maxBytes: n } }));
    case 'bandwidth@usedbytes':
      return required(value, (n) => ({ ...base, bandwidth: { ...bw, usedBytes: n } }));
    case 'bandwidth@remainingbytes':
      return required(value, (n) => ({ ...base, bandwidth: { ...bw, remainingBytes: n } }));
    case 'filesize@maxbytes':
      return required(value, (n) => ({ ...base, photoMaxBytes: n }));
    case 'videosize@maxbytes':
      return required(value, (n) => ({ ...base, videoMaxBytes: n }));
    case 'videos@remaining':
      if (value === 'lots') return { ...base, videoAllowance: { kind: 'unlimited' } };
      return required(value, (n) => ({ ...base, videoAllowance: { kind: 'limited', remaining: n } }));
    case 'videos@uploaded':
      return optional(value, (n) => ({ ...base, videosUploaded: n }));
    case 'sets@created':
      return optional(value, (n) => ({ ...base, setsCreated: n }));
    case 'rsp@stat':
      return value === 'ok' ? base : ERROR;
    default:
      return undefined; // kb and legacy fields, sets@remaining: ignored by design
  }
}

function expectedLimits(base: AccountLimits, site: AttributeSite, value: string): Expected<AccountLimits> | undefined {
  switch (`${site.element}@${site.name}`) {
    case 'person@nsid':
      return value === '' ? ERROR : { ...base, nsid: value };
    case 'photos@maxdisplaypx':
      return optional(value, (n) => ({ ...base, photoMaxDisplayPx: n }), true);
    case 'photos@maxupload':
      return optional(value, (n) => ({ ...base, photoMaxBytes: n }), true);
    case 'videos@maxupload':
      return optional(value, (n) => ({ ...base, videoMaxBytes: n }), true);
    case 'videos@maxduration':
      return optional(value, (n) => ({ ...base, videoMaxSeconds: n }), true);
    case 'rsp@stat':
      return value === 'ok' ? base : ERROR;
    default:
      return undefined;
  }
}

function checkReplacement<T>(
  r: Replacement,
  parse: (body: string) => T,
  check: (value: T) => void,
  expected: (base: T, site: AttributeSite, value: string) => Expected<T> | undefined,
): void {
  const result = outcome(() => parse(applyReplacement(r)), check);
  // `<?xml version="-1"?>` and friends: the parser may or may not mind; only the rule above holds.
  if (!r.predictable || r.site.element === '?xml') return;
  const want = expected(parse(r.sample), r.site, r.value);
  const where = `${r.site.element}@${r.site.name}=${JSON.stringify(r.value)}`;
  if (want === ERROR) {
    if (result.ok) fail(`${where} should have been refused`, result.value);
    if (result.failure.kind !== 'bad-body' && result.failure.kind !== 'api') fail(where, result.failure);
    return;
  }
  if (!result.ok) fail(`${where} should have been read`, result.failure);
  sameJson(result.value, want ?? parse(r.sample), where);
}

// ---------------------------------------------------------------------------------------------
// Well-formed replies generated from a model, with their expected parse

/** Characters XML 1.0 allows, minus CR/TAB/LF (normalised differently by XML processors). */
const xmlChar = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 1 })
  .filter((c) => /^[\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u.test(c));
const xmlString = fc.string({ unit: fc.oneof(xmlChar, fc.constantFrom('&', '<', '>', '"', "'", ' ')), maxLength: 30 }).map((s) => s.trim());

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const count = fc.oneof(fc.nat(), fc.maxSafeNat(), fc.constantFrom(0, 2 ** 32, 214748364800, Number.MAX_SAFE_INTEGER));
const space = fc.constantFrom(' ', '\n\t', '  ', '\n');

type Attr = readonly [name: string, value: string] | undefined;

function renderElement(name: string, attrs: Attr[], gap: string, inner?: string): string {
  const written = attrs.filter((a): a is readonly [string, string] => a !== undefined);
  const head = `<${name}${written.map(([k, v]) => `${gap}${k}="${escapeXml(v)}"`).join('')}`;
  return inner === undefined ? `${head}${gap}/>` : `${head}>${inner}</${name}>`;
}

interface ModelReply<T> {
  body: string;
  expected: T;
}

const uploadStatusModel: fc.Arbitrary<ModelReply<UploadStatus>> = fc
  .record({
    nsid: fc.oneof(fc.stringMatching(/^[0-9]{5,12}@N[0-9]{2}$/), xmlString.filter((s) => s !== '')),
    username: xmlString,
    isPro: fc.boolean(),
    proBadge: fc.option(xmlString, { nil: undefined }),
    unlimited: fc.constantFrom(undefined, '0', '1'),
    maxBytes: count,
    usedBytes: count,
    remainingBytes: count,
    kb: count,
    photoMaxBytes: count,
    videoMaxBytes: fc.option(count, { nil: undefined }),
    videosRemaining: fc.option(fc.nat({ max: 2 }), { nil: undefined }),
    videosUploaded: fc.constantFrom<number | '' | undefined>(undefined, '', 0, 7),
    sets: fc.constantFrom<'absent' | number | '' | undefined>('absent', undefined, '', 0, 18),
    uploadLimit: fc.option(fc.oneof(fc.constant(-1), count), { nil: undefined }),
    uploadCount: count,
    uploadStatus: fc.option(xmlString, { nil: undefined }),
    gap: space,
    order: fc.boolean(),
  })
  .map((m) => {
    const userAttrs: Attr[] = [
      ['id', m.nsid],
      ['ispro', m.isPro ? '1' : '0'],
      m.proBadge === undefined ? undefined : ['pro_badge', m.proBadge],
      m.uploadLimit === undefined ? undefined : ['upload_count', String(m.uploadCount)],
      m.uploadLimit === undefined ? undefined : ['upload_limit', String(m.uploadLimit)],
      m.uploadStatus === undefined ? undefined : ['upload_limit_status', m.uploadStatus],
    ];
    const children = [
      renderElement('username', [], m.gap, escapeXml(m.username)),
      renderElement('bandwidth', [
        ['max', String(m.kb)],
        ['maxbytes', String(m.maxBytes)],
        ['maxkb', String(m.kb)],
        ['usedbytes', String(m.usedBytes)],
        ['remainingbytes', String(m.remainingBytes)],
        ['remainingkb', '-5'],
        m.unlimited === undefined ? undefined : ['unlimited', m.unlimited],
      ], m.gap),
      renderElement('filesize', [['maxbytes', String(m.photoMaxBytes)], ['maxkb', 'x'], ['maxmb', '']], m.gap),
      m.sets === 'absent'
        ? ''
        : renderElement('sets', [m.sets === undefined ? undefined : ['created', String(m.sets)], ['remaining', 'lots']], m.gap),
      m.videoMaxBytes === undefined ? '' : renderElement('videosize', [['maxbytes', String(m.videoMaxBytes)], ['maxkb', '1']], m.gap),
      renderElement('videos', [
        m.videosUploaded === undefined ? undefined : ['uploaded', String(m.videosUploaded)],
        ['remaining', m.videosRemaining === undefined ? 'lots' : String(m.videosRemaining)],
      ], m.gap),
    ];
    if (m.order) children.reverse();
    const body = wrapOk(renderElement('user', userAttrs, m.gap, children.join(m.gap)));
    const expected: UploadStatus = {
      nsid: m.nsid,
      username: m.username,
      isPro: m.isPro,
      proBadge: m.proBadge === '' ? undefined : m.proBadge,
      bandwidth: { unlimited: m.unlimited === '1', maxBytes: m.maxBytes, usedBytes: m.usedBytes, remainingBytes: m.remainingBytes },
      photoMaxBytes: m.photoMaxBytes,
      videoMaxBytes: m.videoMaxBytes,
      videoAllowance: m.videosRemaining === undefined ? { kind: 'unlimited' } : { kind: 'limited', remaining: m.videosRemaining },
      videosUploaded: typeof m.videosUploaded === 'number' ? m.videosUploaded : undefined,
      setsCreated: typeof m.sets === 'number' ? m.sets : undefined,
      itemLimit:
        m.uploadLimit === undefined || m.uploadLimit === -1
          ? undefined
          : { uploadCount: m.uploadCount, uploadLimit: m.uploadLimit, status: m.uploadStatus === '' ? undefined : m.uploadStatus },
    };
    return { body, expected };
  });

const figure = fc.oneof(fc.constant(undefined), fc.constant(''), fc.constant('-1'), count);

const limitsModel: fc.Arbitrary<ModelReply<AccountLimits>> = fc
  .record({
    nsid: xmlString.filter((s) => s !== ''),
    maxdisplaypx: figure,
    photoMaxupload: figure,
    maxduration: figure,
    videoMaxupload: figure,
    photos: fc.boolean(),
    videos: fc.boolean(),
    gap: space,
  })
  .map((m) => {
    const attr = (name: string, v: number | string | undefined): Attr => (v === undefined ? undefined : [name, String(v)]);
    const read = (present: boolean, v: number | string | undefined) => (present && typeof v === 'number' ? v : undefined);
    const inner = [
      m.photos ? renderElement('photos', [attr('maxdisplaypx', m.maxdisplaypx), attr('maxupload', m.photoMaxupload)], m.gap) : '',
      m.videos ? renderElement('videos', [attr('maxduration', m.maxduration), attr('maxupload', m.videoMaxupload)], m.gap) : '',
    ].join(m.gap);
    return {
      body: wrapOk(renderElement('person', [['nsid', m.nsid]], m.gap, inner)),
      expected: {
        nsid: m.nsid,
        photoMaxDisplayPx: read(m.photos, m.maxdisplaypx),
        photoMaxBytes: read(m.photos, m.photoMaxupload),
        videoMaxBytes: read(m.videos, m.videoMaxupload),
        videoMaxSeconds: read(m.videos, m.maxduration),
      },
    };
  });

const failModel = fc
  .record({ code: fc.integer({ min: -999_999_999, max: 999_999_999 }), msg: fc.option(xmlString, { nil: undefined }), gap: space })
  .map(({ code, msg, gap }) => ({
    body: `<?xml version="1.0" encoding="utf-8" ?>${gap}<rsp stat="fail">${gap}${renderElement('err', [['code', String(code)], msg === undefined ? undefined : ['msg', msg]], gap)}${gap}</rsp>`,
    expected: { kind: 'api', code, message: msg ?? '' } satisfies FlickrFailure,
  }));

// ---------------------------------------------------------------------------------------------
// OAuth: an encoder and signer written from RFC 5849 / RFC 3986, independent of oauth.ts

function referenceEncode(value: string): string {
  let out = '';
  for (const byte of utf8.encode(value)) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function referenceSignature(url: string, params: Record<string, string>, consumerSecret: string, tokenSecret: string): string {
  const normalized = Object.entries(params)
    .map(([k, v]) => [referenceEncode(k), referenceEncode(v)])
    .sort(([a = '', x = ''], [b = '', y = '']) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const base = `GET&${referenceEncode(url)}&${referenceEncode(normalized)}`;
  return createHmac('sha1', `${referenceEncode(consumerSecret)}&${referenceEncode(tokenSecret)}`).update(base).digest('base64');
}

const ENCODED = /^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/;
const OWNED = new Set(['oauth_consumer_key', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method', 'oauth_timestamp', 'oauth_token', 'oauth_version', '__proto__']);

const wellFormedString = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

const signingInput = fc.record({
  key: wellFormedString,
  secret: wellFormedString,
  token: fc.option(fc.record({ token: wellFormedString, secret: wellFormedString }), { nil: undefined }),
  params: fc.dictionary(wellFormedString.filter((k) => !OWNED.has(k)), wellFormedString, { maxKeys: 6 }),
  nonce: wellFormedString.filter((s) => s !== ''),
  seconds: fc.integer({ min: 0, max: 2 ** 40 }),
  url: fc.oneof(fc.constantFrom(REST_URL, REQUEST_TOKEN_URL), fc.webUrl({ withQueryParameters: false, withFragments: false })),
});

/** Splits `url?query` into params, decoding each `%XX`; also checks the encoding. */
function decodeSignedUrl(signed: string, url: string): Map<string, string> {
  if (!signed.startsWith(`${url}?`)) fail('signed URL does not start with the base URL', signed);
  const params = new Map<string, string>();
  for (const pair of signed.slice(url.length + 1).split('&')) {
    const [k = '', v = ''] = pair.split('=');
    if (!ENCODED.test(k) || !ENCODED.test(v)) fail('query is not RFC 3986 encoded', pair);
    params.set(decodeURIComponent(k), decodeURIComponent(v));
  }
  return params;
}

// ---------------------------------------------------------------------------------------------
// The properties

const upload = uploadStatusSamples();
const limits = limitsSamples();
const failures = failureSamples();

const parseAnyWay = (body: string) => {
  outcome(() => parseUploadStatus(body), checkUploadStatus);
  outcome(() => parseLimits(body), checkLimits);
  outcome(() => parseEnvelope(body), () => undefined);
};

function property<T>(name: string, deepRuns: number, arb: fc.Arbitrary<T>, predicate: (value: T) => void): FuzzProperty {
  return { name, deepRuns, property: fc.property(arb, predicate) as unknown as fc.IProperty<never> };
}

export const properties: FuzzProperty[] = [
  property('parsers on random strings', 20_000, randomBody, parseAnyWay),
  property('parsers on random bytes decoded as UTF-8', 10_000, randomUtf8Body, parseAnyWay),
  property('parsers on random well-formed XML trees', 20_000, randomTree, parseAnyWay),
  property('parseUploadStatus on byte-flipped samples', 20_000, byteFlipped(upload), (body) => {
    outcome(() => parseUploadStatus(body), checkUploadStatus);
  }),
  property('parseUploadStatus on truncated samples', 8_000, truncated(upload), (body) => {
    outcome(() => parseUploadStatus(body), checkUploadStatus);
  }),
  property('parseUploadStatus with one attribute replaced', 20_000, attributeReplaced(upload), (r) => {
    checkReplacement(r, parseUploadStatus, checkUploadStatus, expectedUploadStatus);
  }),
  property('parseUploadStatus reads generated replies exactly', 15_000, uploadStatusModel, ({ body, expected }) => {
    const result = outcome(() => parseUploadStatus(body), checkUploadStatus);
    if (!result.ok) fail(`refused a valid reply ${body}`, result.failure);
    sameJson(result.value, expected, body);
  }),
  property('parseLimits on byte-flipped and truncated samples', 6_000, fc.oneof(byteFlipped(limits), truncated(limits)), (body) => {
    outcome(() => parseLimits(body), checkLimits);
  }),
  property('parseLimits with one attribute replaced', 6_000, attributeReplaced(limits), (r) => {
    checkReplacement(r, parseLimits, checkLimits, expectedLimits);
  }),
  property('parseLimits reads generated replies exactly', 5_000, limitsModel, ({ body, expected }) => {
    const result = outcome(() => parseLimits(body), checkLimits);
    if (!result.ok) fail(`refused a valid reply ${body}`, result.failure);
    sameJson(result.value, expected, body);
  }),
  property('error envelopes keep code and message', 5_000, failModel, ({ body, expected }) => {
    for (const parse of [parseEnvelope, parseUploadStatus, parseLimits]) {
      const result = outcome(() => parse(body), () => undefined);
      if (result.ok) fail('a fail envelope was accepted', body);
      sameJson(result.failure, expected, body);
    }
  }),
  property('error envelopes byte-flipped', 5_000, byteFlipped(failures.map((body) => ['', body] as const)), parseAnyWay),
  property('OAuth form replies on random strings', 5_000, randomBody, (body) => {
    outcome(() => parseOAuthForm(body), (form) => {
      for (const [k, v] of form) if (typeof k !== 'string' || typeof v !== 'string') fail('form entry', [k, v]);
    });
    outcome(() => parseRequestToken(body), (t) => {
      if (t.token === '' || t.secret === '') fail('empty token', t);
    });
    outcome(() => parseAccessGrant(body), (g) => {
      if (g.token === '' || g.secret === '' || g.nsid === '') fail('empty grant field', g);
    });
  }),
  property('percentEncode is RFC 3986 and decodes back', 10_000, wellFormedString, (value) => {
    const encoded = percentEncode(value);
    if (!ENCODED.test(encoded)) fail('not RFC 3986', encoded);
    if (encoded !== referenceEncode(value)) fail('differs from the reference encoder', [value, encoded]);
    if (decodeURIComponent(encoded) !== value) fail('does not decode back', [value, encoded]);
  }),
  property('percentEncode refuses lone surrogates with URIError', 3_000, fc.tuple(wellFormedString, loneSurrogate, wellFormedString), ([a, s, b]) => {
    const value = a + s + b;
    // a + high + low can pair up into a valid character
    if (!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) return;
    try {
      percentEncode(value);
    } catch (error) {
      if (error instanceof URIError) return;
      throw error;
    }
    fail('encoded a lone surrogate', value);
  }),
  property('signing is deterministic and matches an independent RFC 5849 signer', 10_000, signingInput, (input) => {
    const options = { consumer: { key: input.key, secret: input.secret }, randomNonce: () => input.nonce, nowSeconds: () => input.seconds };
    const first = createSigner(options).signedQuery('GET', input.url, input.params, input.token);
    const second = createSigner(options).signedQuery('GET', input.url, input.params, input.token);
    if (first !== second) fail('two signers disagree', [first, second]);

    const sent = decodeSignedUrl(first, input.url);
    const signature = sent.get('oauth_signature');
    sent.delete('oauth_signature');
    const expected: Record<string, string> = {
      ...input.params,
      oauth_consumer_key: input.key,
      oauth_nonce: input.nonce,
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: String(input.seconds),
      oauth_version: '1.0',
      ...(input.token ? { oauth_token: input.token.token } : {}),
    };
    sameJson(Object.fromEntries([...sent].sort()), Object.fromEntries(Object.entries(expected).sort()), 'sent params');
    const reference = referenceSignature(input.url, expected, input.secret, input.token?.secret ?? '');
    if (signature !== reference) fail('signature differs from the reference', { signature, reference, input });
  }),
];

export interface RunReport {
  /** Cases run. */
  cases: number;
  /** Parser calls that returned a value, and that threw a FlickrError (0/0 for the OAuth ones). */
  values: number;
  refusals: number;
}

/** Runs one property `numRuns` times; throws fast-check's report on a counterexample. */
export function runProperty(p: FuzzProperty, numRuns: number, seed?: number): RunReport {
  tally.values = 0;
  tally.refusals = 0;
  const details = fc.check(p.property, { numRuns, ...(seed === undefined ? {} : { seed }) });
  if (details instanceof Promise) throw new Error(`${p.name} is asynchronous`);
  if (details.failed) throw new Error(`${p.name}\n${fc.defaultReportMessage(details) ?? ''}`);
  return { cases: details.numRuns, ...tally };
}
