/**
 * Flickr reply bodies → typed values, or a FlickrError saying why not. Pure: strings in, data out.
 * XML via fast-xml-parser with entity processing off; DOCTYPE/ENTITY bodies are refused before
 * parsing, and numbers are read here (never by the parser) so big byte counts stay exact.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FlickrError, type BadBodyReason } from './errors';
import type { AccessGrant, AccountLimits, Allowance, TokenPair, UploadStatus } from './types';

/** A parsed element: attributes as `@_name` strings, children as arrays, text as `#text`. */
export type XmlElement = { readonly [key: string]: unknown };
/** A leaf element without attributes comes out of the parser as its bare text. */
export type XmlNode = string | XmlElement;

const ATTR = '@_';
const TEXT = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  // Every element is an array, so a repeated element never changes the shape.
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

function badBody(reason: BadBodyReason, detail: string): FlickrError {
  return new FlickrError({ kind: 'bad-body', reason, detail });
}

function missing(field: string, value?: string): FlickrError {
  const shown = value === undefined ? 'missing' : `invalid value ${JSON.stringify(value.slice(0, 40))}`;
  return badBody('missing-fields', `${field}: ${shown}`);
}

/**
 * Why a body cannot be a Flickr XML reply, judged before any XML parsing; undefined when it
 * looks like XML worth validating. Checked in this order: empty, html, json, doctype.
 */
export function classifyBody(body: string): BadBodyReason | undefined {
  const start = body.replace(/^[\uFEFF\s]+/, '');
  if (start === '') return 'empty';
  if (/^<!doctype\s+html/i.test(start) || /<html/i.test(start)) return 'html';
  if (start.startsWith('{') || start.startsWith('[') || start.startsWith('jsonFlickrApi(')) return 'json';
  if (/<!(doctype|entity)/i.test(start)) return 'doctype';
  return undefined;
}

const BAD_BODY_DETAIL: Record<BadBodyReason, string> = {
  empty: 'empty body',
  html: 'an HTML page',
  json: 'JSON where XML was expected',
  doctype: 'DOCTYPE/ENTITY declarations are refused',
  'too-large': 'body too large',
  malformed: 'not well-formed XML',
  'unexpected-root': 'root element is not <rsp>',
  'missing-fields': 'required field missing',
};

/** The single root element of a well-formed XML body, checked to be `<rsp>`. */
function parseRsp(body: string): XmlNode {
  const reason = classifyBody(body);
  if (reason !== undefined) throw badBody(reason, BAD_BODY_DETAIL[reason]);
  const xml = body.replace(/^[\uFEFF\s]+/, '');

  let document: Record<string, unknown>;
  try {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
      throw badBody('malformed', `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
    }
    document = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof FlickrError) throw error;
    // The parser refuses names such as `constructor` with a plain Error.
    throw badBody('malformed', error instanceof Error ? error.message : String(error));
  }

  // `?xml` and other processing instructions sit beside the root.
  const roots = Object.keys(document).filter((name) => !name.startsWith('?'));
  const [rootName] = roots;
  const rootNodes = rootName === undefined ? undefined : document[rootName];
  if (roots.length !== 1 || !Array.isArray(rootNodes) || rootNodes.length !== 1) {
    throw badBody('malformed', 'not exactly one root element');
  }
  if (rootName !== 'rsp') throw badBody('unexpected-root', `root element <${rootName}>`);
  return rootNodes[0] as XmlNode;
}

function children(node: XmlNode, name: string): XmlNode[] {
  if (typeof node === 'string' || !Object.hasOwn(node, name)) return [];
  const value = node[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function child(node: XmlNode, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

function requiredChild(node: XmlNode, name: string): XmlNode {
  const found = child(node, name);
  if (found === undefined) throw missing(`<${name}>`);
  return found;
}

/** Attribute value with XML's predefined and numeric references decoded, or undefined. */
function attribute(node: XmlNode, name: string): string | undefined {
  if (typeof node === 'string' || !Object.hasOwn(node, ATTR + name)) return undefined;
  const value = node[ATTR + name];
  return typeof value === 'string' ? decodeReferences(value) : undefined;
}

function textOf(node: XmlNode): string {
  if (typeof node === 'string') return decodeReferences(node);
  const text = Object.hasOwn(node, TEXT) ? node[TEXT] : undefined;
  return typeof text === 'string' ? decodeReferences(text) : '';
}

const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/**
 * One pass over `&amp;`-style and `&#…;` references (entity processing is off in the parser).
 * No DTD entities exist here: anything else is left as written.
 */
export function decodeReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
      return valid ? String.fromCodePoint(code) : whole;
    }
    return Object.hasOwn(NAMED_REFERENCES, ref) ? (NAMED_REFERENCES[ref] ?? whole) : whole;
  });
}

/** A non-negative safe integer written in decimal digits, or undefined when it is not one. */
export function parseCount(value: string): number | undefined {
  if (!/^[0-9]+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

function requiredCount(node: XmlNode, element: string, name: string): number {
  const value = attribute(node, name);
  const n = value === undefined ? undefined : parseCount(value);
  if (n === undefined) throw missing(`${element}@${name}`, value);
  return n;
}

/** Absent or empty → undefined; otherwise it must be a count. */
function optionalCount(node: XmlNode, element: string, name: string, noLimit = false): number | undefined {
  const value = attribute(node, name);
  if (value === undefined || value === '' || (noLimit && value === '-1')) return undefined;
  const n = parseCount(value);
  if (n === undefined) throw missing(`${element}@${name}`, value);
  return n;
}

function flag(value: string | undefined, field: string, absent?: boolean): boolean {
  if (value === '1') return true;
  if (value === '0') return false;
  if (value === undefined && absent !== undefined) return absent;
  throw missing(field, value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The `<rsp stat="ok">` element of a REST reply. `stat="fail"` throws an `api` failure with
 * Flickr's code (unknown codes kept as they are); everything unusable throws `bad-body`.
 */
export function parseEnvelope(body: string): XmlNode {
  const rsp = parseRsp(body);
  const stat = attribute(rsp, 'stat');
  if (stat === 'ok') return rsp;
  if (stat !== 'fail') throw missing('rsp@stat', stat);

  const err = requiredChild(rsp, 'err');
  const codeText = attribute(err, 'code');
  const code = codeText === undefined ? undefined : /^-?[0-9]{1,9}$/.test(codeText) ? Number(codeText) : undefined;
  if (code === undefined) throw missing('err@code', codeText);
  throw new FlickrError({ kind: 'api', code, message: attribute(err, 'msg') ?? '' });
}

/** flickr.people.getUploadStatus (XML). */
export function parseUploadStatus(body: string): UploadStatus {
  const user = requiredChild(parseEnvelope(body), 'user');
  const nsid = nonEmpty(attribute(user, 'id'));
  if (nsid === undefined) throw missing('user@id', attribute(user, 'id'));

  const bandwidth = requiredChild(user, 'bandwidth');
  const filesize = requiredChild(user, 'filesize');
  const videosize = child(user, 'videosize');
  const videos = requiredChild(user, 'videos');
  const sets = child(user, 'sets');

  return {
    nsid,
    username: textOf(requiredChild(user, 'username')),
    isPro: flag(attribute(user, 'ispro'), 'user@ispro'),
    proBadge: nonEmpty(attribute(user, 'pro_badge')),
    bandwidth: {
      unlimited: flag(attribute(bandwidth, 'unlimited'), 'bandwidth@unlimited', false),
      maxBytes: requiredCount(bandwidth, 'bandwidth', 'maxbytes'),
      usedBytes: requiredCount(bandwidth, 'bandwidth', 'usedbytes'),
      remainingBytes: requiredCount(bandwidth, 'bandwidth', 'remainingbytes'),
    },
    photoMaxBytes: requiredCount(filesize, 'filesize', 'maxbytes'),
    videoMaxBytes: videosize === undefined ? undefined : requiredCount(videosize, 'videosize', 'maxbytes'),
    videoAllowance: allowance(videos),
    videosUploaded: optionalCount(videos, 'videos', 'uploaded'),
    setsCreated: sets === undefined ? undefined : optionalCount(sets, 'sets', 'created'),
    itemLimit: itemLimit(user),
  };
}

function allowance(videos: XmlNode): Allowance {
  if (attribute(videos, 'remaining') === 'lots') return { kind: 'unlimited' };
  return { kind: 'limited', remaining: requiredCount(videos, 'videos', 'remaining') };
}

function itemLimit(user: XmlNode): UploadStatus['itemLimit'] {
  const uploadLimit = optionalCount(user, 'user', 'upload_limit', true);
  if (uploadLimit === undefined) return undefined;
  return {
    uploadCount: requiredCount(user, 'user', 'upload_count'),
    uploadLimit,
    status: nonEmpty(attribute(user, 'upload_limit_status')),
  };
}

/**
 * flickr.people.getLimits (XML). Every figure is optional: absent, empty or `-1` (Flickr's
 * "no limit") → undefined; anything else must be a count.
 */
export function parseLimits(body: string): AccountLimits {
  const person = requiredChild(parseEnvelope(body), 'person');
  const nsid = nonEmpty(attribute(person, 'nsid'));
  if (nsid === undefined) throw missing('person@nsid', attribute(person, 'nsid'));
  // A missing <photos>/<videos> reads like one without attributes: every figure undefined.
  const photos = child(person, 'photos') ?? '';
  const videos = child(person, 'videos') ?? '';
  return {
    nsid,
    photoMaxDisplayPx: optionalCount(photos, 'photos', 'maxdisplaypx', true),
    photoMaxBytes: optionalCount(photos, 'photos', 'maxupload', true),
    videoMaxBytes: optionalCount(videos, 'videos', 'maxupload', true),
    videoMaxSeconds: optionalCount(videos, 'videos', 'maxduration', true),
  };
}

/**
 * A form-encoded `/services/oauth/*` reply as name → value (first occurrence wins).
 * Empty, HTML, JSON and XML bodies throw `bad-body`.
 */
export function parseOAuthForm(body: string): Map<string, string> {
  const reason = classifyBody(body);
  if (reason !== undefined) throw badBody(reason, BAD_BODY_DETAIL[reason]);
  const trimmed = body.trim();
  if (trimmed.startsWith('<')) throw badBody('malformed', 'markup where a form-encoded body was expected');
  const form = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(trimmed)) {
    if (!form.has(name)) form.set(name, value);
  }
  return form;
}

function requiredFormValue(form: Map<string, string>, name: string): string {
  const value = form.get(name);
  if (value === undefined || value === '') throw missing(name, value);
  return value;
}

/** The request-token reply; Flickr must confirm the callback. */
export function parseRequestToken(body: string): TokenPair {
  const form = parseOAuthForm(body);
  if (form.get('oauth_callback_confirmed') !== 'true') {
    throw missing('oauth_callback_confirmed', form.get('oauth_callback_confirmed'));
  }
  return { token: requiredFormValue(form, 'oauth_token'), secret: requiredFormValue(form, 'oauth_token_secret') };
}

/** The access-token reply: the long-lived token plus who signed in. */
export function parseAccessGrant(body: string): AccessGrant {
  const form = parseOAuthForm(body);
  return {
    token: requiredFormValue(form, 'oauth_token'),
    secret: requiredFormValue(form, 'oauth_token_secret'),
    nsid: requiredFormValue(form, 'user_nsid'),
    username: form.get('username') ?? '',
    fullname: form.get('fullname') ?? '',
  };
}
