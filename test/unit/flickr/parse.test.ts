import { describe, expect, it } from 'vitest';
import { FlickrError, type FlickrFailure } from '../../../src/flickr/errors';
import {
  classifyBody,
  decodeReferences,
  parseAccessGrant,
  parseCount,
  parseEnvelope,
  parseLimits,
  parseOAuthForm,
  parseRequestToken,
  parseUploadStatus,
} from '../../../src/flickr/parse';
import type { UploadStatus } from '../../../src/flickr/types';
import { fixture, wrapOk as wrap, xmlFromFlickrJson } from '../../fuzz/samples';

function failureOf(run: () => unknown): FlickrFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof FlickrError) return error.failure;
    throw error;
  }
  throw new Error('expected a FlickrError, got a value');
}

const free2014Json = JSON.parse(fixture('free-2014-getUploadStatus.json')) as { user: unknown; stat: string };

/** The values of free-2014-getUploadStatus.json, typed by hand. */
const free2014: UploadStatus = {
  nsid: '124857539@N03',
  username: 'jinxlib',
  isPro: false,
  proBadge: undefined,
  bandwidth: { unlimited: true, maxBytes: 214748364800, usedBytes: 0, remainingBytes: 214748364800 },
  photoMaxBytes: 209715200,
  videoMaxBytes: 1073741824,
  videoAllowance: { kind: 'unlimited' },
  videosUploaded: 0,
  setsCreated: 18,
  itemLimit: undefined,
};

/** A 2019+ free account as synthetic-*.xml describe it, with fields to vary. */
function modern(user: string, extra = ''): string {
  return wrap(`<user id="12037949754@N01" ispro="0" ${user}>
  <username>Bees</username>
  <bandwidth max="2147483648" used="0" maxbytes="214748364800" maxkb="214748364" usedbytes="0" usedkb="0" remainingbytes="214748364800" remainingkb="214748364" unlimited="1" />
  <filesize max="209715200" maxbytes="209715200" maxkb="204800" maxmb="200" />
  <sets created="18" remaining="lots" />
  <videosize maxbytes="1073741824" maxkb="1048576" maxmb="1024" />
  <videos uploaded="3" remaining="2" />
  ${extra}
</user>`);
}

describe('parseUploadStatus', () => {
  it('reads the documentation example once wrapped in <rsp stat="ok"> as Flickr sends it', () => {
    expect(parseUploadStatus(wrap(fixture('doc-example-getUploadStatus.xml')))).toEqual({
      nsid: '12037949754@N01',
      username: 'Bees',
      isPro: true,
      proBadge: undefined,
      bandwidth: { unlimited: false, maxBytes: 2147483648, usedBytes: 383724, remainingBytes: 2147099924 },
      photoMaxBytes: 10485760,
      videoMaxBytes: undefined,
      videoAllowance: { kind: 'unlimited' },
      videosUploaded: 5,
      setsCreated: 27,
      itemLimit: undefined,
    } satisfies UploadStatus);
  });

  it('refuses the bare documentation example: its root is <user>, not <rsp>', () => {
    expect(failureOf(() => parseUploadStatus(fixture('doc-example-getUploadStatus.xml')))).toMatchObject({
      kind: 'bad-body',
      reason: 'unexpected-root',
    });
  });

  it('reads the XML twin of free-2014-getUploadStatus.json, byte counts above 2^32 exact', () => {
    expect(free2014Json.stat).toBe('ok');
    const xml = wrap(xmlFromFlickrJson('user', free2014Json.user));
    expect(xml).toContain('maxbytes="214748364800"');
    expect(parseUploadStatus(xml)).toEqual(free2014);
  });

  it('reads synthetic-free-2014-getUploadStatus.xml to the same values as the JSON sample', () => {
    expect(parseUploadStatus(fixture('synthetic-free-2014-getUploadStatus.xml'))).toEqual(free2014);
  });

  it.each([
    ['synthetic-free-near-limit-getUploadStatus.xml', 990, 'below_limit'],
    ['synthetic-free-at-limit-getUploadStatus.xml', 1000, 'at_limit'],
    ['synthetic-free-over-limit-getUploadStatus.xml', 1003, 'over_limit'],
  ])('reads the free-account item limit in %s', (name, uploadCount, status) => {
    const parsed = parseUploadStatus(fixture(name));
    expect(parsed.itemLimit).toEqual({ uploadCount, uploadLimit: 1000, status });
    expect(parsed.proBadge).toBeUndefined(); // pro_badge=""
    expect(parsed.videoAllowance).toEqual({ kind: 'limited', remaining: 2 });
    expect(parsed.videosUploaded).toBe(3);
  });

  it('reads limited bandwidth (unlimited="0")', () => {
    expect(parseUploadStatus(fixture('synthetic-limited-bandwidth-getUploadStatus.xml')).bandwidth).toEqual({
      unlimited: false,
      maxBytes: 1073741824,
      usedBytes: 987842479,
      remainingBytes: 85899345,
    });
  });

  it('reads a free account with no video uploads left', () => {
    const parsed = parseUploadStatus(fixture('synthetic-no-videos-left-getUploadStatus.xml'));
    expect(parsed.videoAllowance).toEqual({ kind: 'limited', remaining: 0 });
    expect(parsed.videosUploaded).toBe(5);
  });

  it('keeps pro_badge and computes nothing from kb fields', () => {
    const parsed = parseUploadStatus(
      modern('pro_badge="standard" upload_count="5" upload_limit="-1"').replace('maxkb="204800"', 'maxkb="1"'),
    );
    expect(parsed.proBadge).toBe('standard');
    expect(parsed.itemLimit).toBeUndefined(); // -1 = no limit
    expect(parsed.photoMaxBytes).toBe(209715200);
  });

  it('has no item limit when upload_limit is absent', () => {
    expect(parseUploadStatus(modern('upload_count="5"')).itemLimit).toBeUndefined();
  });

  it('needs upload_count when upload_limit is set', () => {
    expect(failureOf(() => parseUploadStatus(modern('upload_limit="1000"')))).toEqual({
      kind: 'bad-body',
      reason: 'missing-fields',
      detail: 'user@upload_count: missing',
    });
  });

  it('reads empty sets@created and videos@uploaded as unknown', () => {
    const xml = modern('').replace('created="18"', 'created=""').replace('uploaded="3"', 'uploaded=""');
    const parsed = parseUploadStatus(xml);
    expect(parsed.setsCreated).toBeUndefined();
    expect(parsed.videosUploaded).toBeUndefined();
  });

  it('reads a missing <sets> and <videosize> as unknown', () => {
    const xml = modern('').replace(/<sets [^>]*>/, '').replace(/<videosize [^>]*>/, '');
    const parsed = parseUploadStatus(xml);
    expect(parsed.setsCreated).toBeUndefined();
    expect(parsed.videoMaxBytes).toBeUndefined();
  });

  it.each([
    ['maxbytes="214748364800"', 'maxbytes="-1"', 'bandwidth@maxbytes'],
    ['maxbytes="214748364800"', 'maxbytes="1.5"', 'bandwidth@maxbytes'],
    ['maxbytes="214748364800"', 'maxbytes=""', 'bandwidth@maxbytes'],
    ['maxbytes="214748364800"', 'maxbytes="9007199254740993"', 'bandwidth@maxbytes'],
    ['maxbytes="214748364800"', 'maxbytes="1e9"', 'bandwidth@maxbytes'],
    ['maxbytes="214748364800"', 'maxbytes="0x10"', 'bandwidth@maxbytes'],
    ['usedbytes="0"', 'usedbytes="lots"', 'bandwidth@usedbytes'],
    ['remainingbytes="214748364800" ', '', 'bandwidth@remainingbytes'],
    ['unlimited="1"', 'unlimited="yes"', 'bandwidth@unlimited'],
    ['maxbytes="209715200"', 'maxbytes="NaN"', 'filesize@maxbytes'],
    ['maxbytes="1073741824"', 'maxbytes="Infinity"', 'videosize@maxbytes'],
    ['remaining="2"', 'remaining="-2"', 'videos@remaining'],
    ['remaining="2"', 'remaining=""', 'videos@remaining'],
    ['uploaded="3"', 'uploaded="three"', 'videos@uploaded'],
    ['created="18"', 'created="+18"', 'sets@created'],
    ['ispro="0"', 'ispro="true"', 'user@ispro'],
    ['ispro="0"', '', 'user@ispro'],
    ['id="12037949754@N01"', 'id=""', 'user@id'],
  ])('refuses %s → %s, naming %s', (from, to, field) => {
    const xml = modern('upload_count="1" upload_limit="1000"');
    expect(xml).toContain(from);
    const failure = failureOf(() => parseUploadStatus(xml.replace(from, to)));
    expect(failure).toMatchObject({ kind: 'bad-body', reason: 'missing-fields' });
    expect(failure.kind === 'bad-body' && failure.detail.startsWith(`${field}: `)).toBe(true);
  });

  it.each(['username', 'bandwidth', 'filesize', 'videos'])('refuses a reply without <%s>', (name) => {
    const xml = modern('').replace(new RegExp(`<${name}[ >][^\\n]*`), '');
    expect(failureOf(() => parseUploadStatus(xml))).toEqual({
      kind: 'bad-body',
      reason: 'missing-fields',
      detail: `<${name}>: missing`,
    });
  });

  it('refuses a reply without <user> (flickr.test.login shape lacks the quota fields)', () => {
    expect(failureOf(() => parseUploadStatus(wrap('')))).toMatchObject({ reason: 'missing-fields', detail: '<user>: missing' });
    expect(failureOf(() => parseUploadStatus(fixture('synthetic-test-login.xml')))).toMatchObject({
      reason: 'missing-fields',
      detail: '<bandwidth>: missing',
    });
  });

  it('decodes character references in text, never entities', () => {
    const parsed = parseUploadStatus(modern('').replace('<username>Bees</username>', '<username>A &amp; B &#233;&#x1F600; &lol;</username>'));
    expect(parsed.username).toBe('A & B é😀 &lol;');
  });

  it('refuses the billion-laughs DOCTYPE sample without expanding it', () => {
    expect(failureOf(() => parseUploadStatus(fixture('synthetic-doctype-entities.xml')))).toMatchObject({
      kind: 'bad-body',
      reason: 'doctype',
    });
  });
});

describe('envelope and body classification', () => {
  it.each([
    ['err100-invalid-key.xml', 100, 'Invalid API Key (Key has invalid format)'],
    ['err98-invalid-auth-token.xml', 98, 'Invalid auth token'],
    ['err99-insufficient-permissions.xml', 99, 'Insufficient permissions. Method requires read privileges; none granted.'],
    ['synthetic-err105-service-unavailable.xml', 105, 'Service currently unavailable'],
    ['synthetic-err112-method-not-found.xml', 112, 'Method "%METHOD%" not found'],
    ['synthetic-err96-invalid-signature.xml', 96, 'Invalid signature'],
    ['synthetic-err97-missing-signature.xml', 97, 'Missing signature'],
    ['synthetic-err999-unknown-code.xml', 999, 'Something unexpected happened'],
  ])('%s → api failure %i', (name, code, message) => {
    const body = fixture(name);
    expect(failureOf(() => parseEnvelope(body))).toEqual({ kind: 'api', code, message });
    expect(failureOf(() => parseUploadStatus(body))).toEqual({ kind: 'api', code, message });
    expect(failureOf(() => parseLimits(body))).toEqual({ kind: 'api', code, message });
  });

  it.each(['err100-invalid-key.json', 'err96-invalid-signature.json', 'free-2014-getUploadStatus.json'])(
    '%s → bad-body json',
    (name) => {
      expect(failureOf(() => parseUploadStatus(fixture(name)))).toMatchObject({ kind: 'bad-body', reason: 'json' });
    },
  );

  it.each([
    'synthetic-html-404-not-found.html',
    'synthetic-html-429-too-many-requests.html',
    'synthetic-html-500-error.html',
    'synthetic-html-503-outage.html',
  ])('%s → bad-body html', (name) => {
    expect(failureOf(() => parseUploadStatus(fixture(name)))).toMatchObject({ kind: 'bad-body', reason: 'html' });
  });

  it('classifies bodies before parsing', () => {
    expect(classifyBody('')).toBe('empty');
    expect(classifyBody(' \n\t')).toBe('empty');
    expect(classifyBody('\uFEFF<html><body>x</body></html>')).toBe('html');
    expect(classifyBody('<!doctype HTML><p>')).toBe('html');
    expect(classifyBody('<?xml version="1.0"?><rsp><![CDATA[<HTML>]]></rsp>')).toBe('html');
    expect(classifyBody('jsonFlickrApi({"stat":"ok"})')).toBe('json');
    expect(classifyBody('[1]')).toBe('json');
    expect(classifyBody('<?xml version="1.0"?><!DOCTYPE rsp><rsp/>')).toBe('doctype');
    expect(classifyBody('<rsp><!ENTITY x "y"></rsp>')).toBe('doctype');
    expect(classifyBody('<rsp stat="ok"/>')).toBeUndefined();
  });

  it('refuses a truncated reply as malformed', () => {
    expect(failureOf(() => parseUploadStatus(fixture('synthetic-malformed-truncated.xml')))).toMatchObject({
      kind: 'bad-body',
      reason: 'malformed',
    });
  });

  it.each([
    ['two roots', '<rsp stat="ok"/><rsp stat="ok"/>', 'malformed'],
    ['text only', 'Service Unavailable', 'malformed'],
    ['a name the parser will not use as a key', '<rsp stat="ok"><__proto__/></rsp>', 'malformed'],
    ['another root', '<?xml version="1.0"?><error code="1"/>', 'unexpected-root'],
    ['empty', '', 'empty'],
  ])('refuses %s', (_label, body, reason) => {
    expect(failureOf(() => parseEnvelope(body))).toMatchObject({ kind: 'bad-body', reason });
  });

  it('needs stat ok or fail, and a numeric err code', () => {
    expect(failureOf(() => parseEnvelope('<rsp/>'))).toMatchObject({ reason: 'missing-fields', detail: 'rsp@stat: missing' });
    expect(failureOf(() => parseEnvelope('<rsp stat="maybe"/>'))).toMatchObject({ reason: 'missing-fields' });
    expect(failureOf(() => parseEnvelope('<rsp stat="fail"/>'))).toMatchObject({ detail: '<err>: missing' });
    expect(failureOf(() => parseEnvelope('<rsp stat="fail"><err code="x" msg="m"/></rsp>'))).toMatchObject({
      reason: 'missing-fields',
      detail: 'err@code: invalid value "x"',
    });
    expect(failureOf(() => parseEnvelope('<rsp stat="fail"><err code="98"/></rsp>'))).toEqual({
      kind: 'api',
      code: 98,
      message: '',
    });
  });
});

describe('parseLimits', () => {
  it('reads synthetic-getLimits-free.xml', () => {
    expect(parseLimits(fixture('synthetic-getLimits-free.xml'))).toEqual({
      nsid: '12037949754@N01',
      photoMaxDisplayPx: 1024,
      photoMaxBytes: 209715200,
      videoMaxBytes: 1073741824,
      videoMaxSeconds: 180,
    });
  });

  it('reads missing, empty and -1 figures as unknown', () => {
    expect(
      parseLimits(wrap('<person nsid="1@N01"><photos maxdisplaypx="-1" maxupload=""/></person>')),
    ).toEqual({
      nsid: '1@N01',
      photoMaxDisplayPx: undefined,
      photoMaxBytes: undefined,
      videoMaxBytes: undefined,
      videoMaxSeconds: undefined,
    });
  });

  it('refuses a bad figure or a missing nsid', () => {
    expect(failureOf(() => parseLimits(wrap('<person nsid="1@N01"><videos maxduration="1.5"/></person>')))).toMatchObject({
      reason: 'missing-fields',
      detail: 'videos@maxduration: invalid value "1.5"',
    });
    expect(failureOf(() => parseLimits(wrap('<person/>')))).toMatchObject({ detail: 'person@nsid: missing' });
    expect(failureOf(() => parseLimits(wrap('')))).toMatchObject({ detail: '<person>: missing' });
  });
});

describe('parseCount and decodeReferences', () => {
  it('accepts only decimal digits within the safe range', () => {
    expect(parseCount('0')).toBe(0);
    expect(parseCount('007')).toBe(7);
    expect(parseCount(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ['', '-1', '1.0', '1e3', ' 1', '9007199254740992', '١']) expect(parseCount(bad)).toBeUndefined();
  });

  it('decodes the five predefined references and numeric ones, once', () => {
    expect(decodeReferences('&lt;&gt;&amp;&quot;&apos;')).toBe('<>&"\'');
    expect(decodeReferences('&amp;lt;')).toBe('&lt;');
    expect(decodeReferences('&#0; &#xD800; &#x110000; &nbsp;')).toBe('&#0; &#xD800; &#x110000; &nbsp;');
  });
});

describe('OAuth form replies', () => {
  it('reads the request-token reply from Flickr documentation', () => {
    expect(
      parseRequestToken(
        'oauth_callback_confirmed=true&oauth_token=72157626737672178-022bbd2f4c2f3432&oauth_token_secret=fccb68c4e6103197',
      ),
    ).toEqual({ token: '72157626737672178-022bbd2f4c2f3432', secret: 'fccb68c4e6103197' });
  });

  it('needs the callback confirmed and both token halves', () => {
    expect(failureOf(() => parseRequestToken('oauth_token=a&oauth_token_secret=b'))).toMatchObject({
      reason: 'missing-fields',
      detail: 'oauth_callback_confirmed: missing',
    });
    expect(failureOf(() => parseRequestToken('oauth_callback_confirmed=true&oauth_token=a'))).toMatchObject({
      detail: 'oauth_token_secret: missing',
    });
  });

  it('reads the access-token reply from Flickr documentation, decoding %XX', () => {
    expect(
      parseAccessGrant(
        'fullname=Jamal%20Fanaian&oauth_token=72157626318069415-087bfc7b5816092c&oauth_token_secret=a202d1f853ec69de&user_nsid=21207597%40N07&username=jamalfanaian',
      ),
    ).toEqual({
      token: '72157626318069415-087bfc7b5816092c',
      secret: 'a202d1f853ec69de',
      nsid: '21207597@N07',
      username: 'jamalfanaian',
      fullname: 'Jamal Fanaian',
    });
  });

  it('refuses bodies that are not form-encoded', () => {
    expect(failureOf(() => parseOAuthForm(''))).toMatchObject({ reason: 'empty' });
    expect(failureOf(() => parseOAuthForm(fixture('synthetic-html-503-outage.html')))).toMatchObject({ reason: 'html' });
    expect(failureOf(() => parseOAuthForm(fixture('err100-invalid-key.xml')))).toMatchObject({ reason: 'malformed' });
    expect(failureOf(() => parseOAuthForm('{"stat":"fail"}'))).toMatchObject({ reason: 'json' });
  });

  it('keeps the first of repeated names', () => {
    expect(parseOAuthForm('a=1&a=2').get('a')).toBe('1');
  });
});
