/**
 * Tests of the Flickr emulator itself, through real HTTPS requests. The signer below is written
 * here on purpose, independently of both the product and the emulator's own checker.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { okXmlToFlickrJson } from './fixtures';
import { ACCOUNT_SCENARIOS, DEMO_ACCOUNT, DEMO_CONSUMER, startEmulator, type Emulator } from './server';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../fixtures/flickr/${name}`, import.meta.url)), 'utf8');

// ---- independent OAuth 1.0a signer -------------------------------------------------------
const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function baseString(method: string, url: string, params: Record<string, string>): string {
  const pairs = Object.entries(params)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .sort();
  return [method, enc(url), enc(pairs.join('&'))].join('&');
}

function hmac(consumerSecret: string, tokenSecret: string, text: string): string {
  return createHmac('sha1', `${enc(consumerSecret)}&${enc(tokenSecret)}`).update(text).digest('base64');
}

interface SignOptions {
  tokenSecret?: string;
  nonce?: string;
  timestamp?: number;
  consumer?: { key: string; secret: string };
  method?: string;
}

/** Returns the oauth_* params plus `params`, signed for exactly `url`. */
function signParams(url: string, params: Record<string, string>, opts: SignOptions = {}): Record<string, string> {
  const consumer = opts.consumer ?? DEMO_CONSUMER;
  const all: Record<string, string> = {
    ...params,
    oauth_consumer_key: consumer.key,
    oauth_nonce: opts.nonce ?? randomBytes(12).toString('hex'),
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_version: '1.0',
  };
  const signature = hmac(consumer.secret, opts.tokenSecret ?? '', baseString(opts.method ?? 'GET', url, all));
  return { ...all, oauth_signature: signature };
}

const query = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');

function signedUrl(url: string, params: Record<string, string>, opts: SignOptions = {}): string {
  return `${url}?${query(signParams(url, params, opts))}`;
}

// ---- HTTPS client that reaches the emulator under Flickr's host names --------------------
interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let emulator: Emulator;
let ca: Buffer;

function fetchVia(url: string, init: { method?: string; body?: string; timeoutMs?: number } = {}): Promise<Response> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: emulator.port,
        servername: target.hostname,
        ca,
        agent: false,
        method: init.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        headers: {
          Host: target.host,
          ...(init.body === undefined ? {} : { 'Content-Type': 'application/x-www-form-urlencoded' }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('aborted')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (init.timeoutMs) req.setTimeout(init.timeoutMs, () => req.destroy(new Error('timed out')));
    req.end(init.body);
  });
}

const REST = 'https://api.flickr.com/services/rest/';

async function rest(params: Record<string, string>, grant = emulator.issueAccessToken(), url = REST): Promise<Response> {
  return fetchVia(signedUrl(url, { ...params, oauth_token: grant.token }, { tokenSecret: grant.secret }));
}

const errCode = (xml: string) => /<err code="(\d+)"/.exec(xml)?.[1];
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

beforeAll(async () => {
  emulator = await startEmulator();
  ca = readFileSync(emulator.certPem);
});
afterAll(async () => emulator.stop());
beforeEach(() => {
  emulator.setScenario('free-near-limit');
  emulator.clearCalls();
});

describe('the test signer', () => {
  const { vectors } = JSON.parse(fixture('oauth-vectors.json')) as {
    vectors: { name: string; method: string; url: string; consumerSecret: string; tokenSecret: string; params: Record<string, string>; baseString?: string; signature: string }[];
  };
  it.each(vectors.map((v) => [v.name, v] as const))('reproduces %s', (_, v) => {
    const base = baseString(v.method, v.url, v.params);
    if (v.baseString) expect(base).toBe(v.baseString);
    expect(hmac(v.consumerSecret, v.tokenSecret, base)).toBe(v.signature);
  });
});

describe('REST signature checks', () => {
  it('answers a correctly signed getUploadStatus with the scenario body, byte for byte', async () => {
    const res = await rest({ method: 'flickr.people.getUploadStatus' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.body).toBe(fixture('synthetic-free-near-limit-getUploadStatus.xml'));
  });

  it('gives 96 when one byte of the signature changes', async () => {
    const grant = emulator.issueAccessToken();
    const params = signParams(REST, { method: 'flickr.people.getUploadStatus', oauth_token: grant.token }, { tokenSecret: grant.secret });
    const sig = params.oauth_signature!;
    const tampered = { ...params, oauth_signature: (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1) };
    const res = await fetchVia(`${REST}?${query(tampered)}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<rsp stat="fail">');
    expect(res.body).toContain('<err code="96" msg="Invalid signature" />');
  });

  it('gives 96 when a signed parameter changes after signing', async () => {
    const grant = emulator.issueAccessToken();
    const params = signParams(REST, { method: 'flickr.people.getUploadStatus', oauth_token: grant.token }, { tokenSecret: grant.secret });
    const res = await fetchVia(`${REST}?${query({ ...params, method: 'flickr.people.getLimits' })}`);
    expect(errCode(res.body)).toBe('96');
  });

  it('fails a signature computed over another host', async () => {
    const grant = emulator.issueAccessToken();
    const params = signParams('https://www.flickr.com/services/rest/', { method: 'flickr.test.login', oauth_token: grant.token }, { tokenSecret: grant.secret });
    expect(errCode((await fetchVia(`${REST}?${query(params)}`)).body)).toBe('96');
  });

  it('fails a signature computed without the trailing slash that was requested, and accepts the matching one', async () => {
    const grant = emulator.issueAccessToken();
    const bare = 'https://api.flickr.com/services/rest';
    const params = signParams(bare, { method: 'flickr.test.login', oauth_token: grant.token }, { tokenSecret: grant.secret });
    expect(errCode((await fetchVia(`${REST}?${query(params)}`)).body)).toBe('96');
    const ok = await rest({ method: 'flickr.test.login' }, grant, bare);
    expect(ok.body).toContain('<rsp stat="ok">');
  });

  it("encodes reserved characters as RFC 3986 does (! ' ( ) * space, non-ASCII)", async () => {
    const res = await rest({ method: 'flickr.test.login', extra: "it's (really) *fine*! café ✓ a+b" });
    expect(res.body).toContain('stat="ok"');
  });

  it('serves REST on www.flickr.com too, signed for that host', async () => {
    const res = await rest({ method: 'flickr.test.login' }, emulator.issueAccessToken(), 'https://www.flickr.com/services/rest/');
    expect(res.body).toContain(`<user id="${DEMO_ACCOUNT.nsid}">`);
  });

  it('refuses a reused nonce', async () => {
    const grant = emulator.issueAccessToken();
    const url = signedUrl(REST, { method: 'flickr.test.login', oauth_token: grant.token }, { tokenSecret: grant.secret });
    expect((await fetchVia(url)).body).toContain('<rsp stat="ok">');
    expect(errCode((await fetchVia(url)).body)).toBe('96');
  });

  it('refuses a timestamp more than 10 minutes off', async () => {
    const grant = emulator.issueAccessToken();
    const timestamp = Math.floor(Date.now() / 1000) - 11 * 60;
    const url = signedUrl(REST, { method: 'flickr.test.login', oauth_token: grant.token }, { tokenSecret: grant.secret, timestamp });
    expect(errCode((await fetchVia(url)).body)).toBe('96');
  });

  it('gives the real 100 sample for an unknown consumer key', async () => {
    const url = signedUrl(REST, { method: 'flickr.test.login' }, { consumer: { key: 'nope', secret: 'x' } });
    expect((await fetchVia(url)).body).toBe(fixture('err100-invalid-key.xml'));
  });

  it('gives 97 for an unsigned call', async () => {
    const res = await fetchVia(`${REST}?method=flickr.test.login&oauth_consumer_key=${DEMO_CONSUMER.key}`);
    expect(errCode(res.body)).toBe('97');
  });

  it('gives the real 98 sample for an unknown token and for revoked tokens', async () => {
    const fake = { token: '72157000000000000-0000000000000000', secret: 'x', nsid: '', username: '', fullname: '' };
    expect((await rest({ method: 'flickr.test.login' }, fake)).body).toBe(fixture('err98-invalid-auth-token.xml'));
    const grant = emulator.issueAccessToken();
    expect((await rest({ method: 'flickr.test.login' }, grant)).body).toContain('stat="ok"');
    emulator.revokeAllTokens();
    expect((await rest({ method: 'flickr.test.login' }, grant)).body).toBe(fixture('err98-invalid-auth-token.xml'));
  });

  it('gives 99 to a signed call without a token', async () => {
    const res = await fetchVia(signedUrl(REST, { method: 'flickr.people.getUploadStatus' }));
    expect(res.body).toBe(fixture('err99-insufficient-permissions.xml'));
  });

  it('gives 112 for an unknown method', async () => {
    const res = await rest({ method: 'flickr.people.getUploadStatusX' });
    expect(errCode(res.body)).toBe('112');
    expect(res.body).toContain('flickr.people.getUploadStatusX');
  });

  it('answers getLimits with the free account limits', async () => {
    const res = await rest({ method: 'flickr.people.getLimits' });
    expect(res.body).toContain(`<person nsid="${DEMO_ACCOUNT.nsid}">`);
    expect(res.body).toContain('<photos maxdisplaypx="1024" maxupload="209715200" />');
    expect(res.body).toContain('<videos maxduration="180" maxupload="1073741824" />');
  });

  it('verifies a POST with form-encoded parameters', async () => {
    const grant = emulator.issueAccessToken();
    const params = signParams(REST, { method: 'flickr.test.login', oauth_token: grant.token }, { tokenSecret: grant.secret, method: 'POST' });
    const res = await fetchVia(REST, { method: 'POST', body: query(params) });
    expect(res.body).toContain('stat="ok"');
  });
});

describe('REST formats', () => {
  it('answers format=json&nojsoncallback=1 with JSON, numbers mixed as Flickr does', async () => {
    const res = await rest({ method: 'flickr.people.getUploadStatus', format: 'json', nojsoncallback: '1' });
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const json = JSON.parse(res.body) as { stat: string; user: Record<string, unknown> };
    expect(json.stat).toBe('ok');
    expect(json.user.upload_count).toBe(990);
    expect(json.user.upload_limit).toBe('1000');
    expect(json.user.username).toEqual({ _content: 'Bees' });
    expect(json.user.videos).toEqual({ uploaded: 3, remaining: '2' });
  });

  it('answers format=json without nojsoncallback as JSONP', async () => {
    const res = await rest({ method: 'flickr.test.login', format: 'json' });
    const match = /^jsonFlickrApi\((.*)\)$/s.exec(res.body);
    expect(match).not.toBeNull();
    expect(JSON.parse(match![1]!)).toEqual({ user: { id: DEMO_ACCOUNT.nsid, username: { _content: 'Bees' } }, stat: 'ok' });
  });

  it('answers JSON errors in the JSON envelope', async () => {
    const res = await rest({ method: 'flickr.nope', format: 'json', nojsoncallback: '1' });
    expect(JSON.parse(res.body)).toEqual({ stat: 'fail', code: 112, message: 'Method "flickr.nope" not found' });
  });

  it('serves the real 2014 JSON sample in free-unlimited-2014, and its XML form carries every field', async () => {
    emulator.setScenario('free-unlimited-2014');
    const res = await rest({ method: 'flickr.people.getUploadStatus', format: 'json', nojsoncallback: '1' });
    expect(res.body).toBe(fixture('free-2014-getUploadStatus.json'));
    const stringly = (text: string) => JSON.parse(text, (_, v: unknown) => (typeof v === 'number' ? String(v) : v)) as unknown;
    expect(stringly(okXmlToFlickrJson(fixture('synthetic-free-2014-getUploadStatus.xml')))).toEqual(stringly(res.body));
  });
});

describe('OAuth endpoints', () => {
  const REQUEST_TOKEN = 'https://www.flickr.com/services/oauth/request_token';
  const ACCESS_TOKEN = 'https://www.flickr.com/services/oauth/access_token';
  const CALLBACK = 'https://abcdefghijklmnop.chromiumapp.org/';

  async function getRequestToken(callback = CALLBACK) {
    const res = await fetchVia(signedUrl(REQUEST_TOKEN, { oauth_callback: callback }));
    expect(res.status).toBe(200);
    return form(res.body);
  }

  async function decide(token: string, decision: 'approve' | 'cancel') {
    return fetchVia('https://www.flickr.com/services/oauth/authorize', {
      method: 'POST',
      body: query({ oauth_token: token, perms: 'read', decision }),
    });
  }

  it('runs the whole dance: request token, consent page, callback redirect, access token, REST call', async () => {
    const rt = await getRequestToken();
    expect(rt.oauth_callback_confirmed).toBe('true');
    expect(rt.oauth_token).toMatch(/^\d+-[0-9a-f]+$/);

    const consent = await fetchVia(`https://www.flickr.com/services/oauth/authorize?oauth_token=${enc(rt.oauth_token!)}&perms=read`);
    expect(consent.body).toContain('Authorize Quota Badge for Flickr?');
    expect(consent.body).toContain("OK, I'll authorize it");
    expect(consent.body).toContain('No thanks');

    const approved = await decide(rt.oauth_token!, 'approve');
    expect(approved.status).toBe(302);
    const location = new URL(String(approved.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(location.searchParams.get('oauth_token')).toBe(rt.oauth_token);
    const verifier = location.searchParams.get('oauth_verifier')!;
    expect(verifier).toMatch(/^[0-9a-f]{16}$/);

    const accessUrl = signedUrl(ACCESS_TOKEN, { oauth_token: rt.oauth_token!, oauth_verifier: verifier }, { tokenSecret: rt.oauth_token_secret! });
    const access = await fetchVia(accessUrl);
    expect(access.status).toBe(200);
    expect(access.body).toMatch(/^fullname=Bees%20Demo&oauth_token=[^&]+&oauth_token_secret=[^&]+&user_nsid=12037949754%40N01&username=Bees$/);
    const grant = form(access.body);

    const login = await rest({ method: 'flickr.test.login' }, { token: grant.oauth_token!, secret: grant.oauth_token_secret!, nsid: '', username: '', fullname: '' });
    expect(login.body).toContain('stat="ok"');

    // Request tokens are single-use.
    const again = await fetchVia(signedUrl(ACCESS_TOKEN, { oauth_token: rt.oauth_token!, oauth_verifier: verifier }, { tokenSecret: rt.oauth_token_secret! }));
    expect(again.status).toBe(401);
    expect(form(again.body).oauth_problem).toBe('token_rejected');

    expect(emulator.calls.map((c) => c.oauthEndpoint).filter(Boolean)).toEqual(['request_token', 'authorize', 'authorize', 'access_token', 'access_token']);
  });

  it('keeps a callback with its own query and appends the token parameters', async () => {
    const rt = await getRequestToken('https://abc.chromiumapp.org/cb?state=a%20b');
    const approved = await decide(rt.oauth_token!, 'approve');
    expect(String(approved.headers.location)).toMatch(/^https:\/\/abc\.chromiumapp\.org\/cb\?state=a%20b&oauth_token=[^&]+&oauth_verifier=[0-9a-f]+$/);
  });

  it('sends a cancelling user to the home page, and the token then has no verifier', async () => {
    const rt = await getRequestToken();
    const cancelled = await decide(rt.oauth_token!, 'cancel');
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.location).toBe('https://www.flickr.com/');
    const res = await fetchVia(signedUrl(ACCESS_TOKEN, { oauth_token: rt.oauth_token!, oauth_verifier: 'guess' }, { tokenSecret: rt.oauth_token_secret! }));
    expect(res.status).toBe(401);
    expect(form(res.body).oauth_problem).toBe('verifier_invalid');
  });

  it('shows an error page when perms is missing', async () => {
    const rt = await getRequestToken();
    const res = await fetchVia(`https://www.flickr.com/services/oauth/authorize?oauth_token=${enc(rt.oauth_token!)}`);
    expect(res.body).not.toContain("OK, I'll authorize it");
    expect(res.body).toContain('Oops');
  });

  it('requires oauth_callback on request_token', async () => {
    const res = await fetchVia(signedUrl(REQUEST_TOKEN, {}));
    expect(res.status).toBe(401);
    expect(form(res.body)).toEqual({ oauth_problem: 'parameter_absent', oauth_parameters_absent: 'oauth_callback' });
  });

  it('reports signature_invalid with the base string it computed, which is the one the signer computes', async () => {
    const params = signParams(REQUEST_TOKEN, { oauth_callback: CALLBACK });
    const res = await fetchVia(`${REQUEST_TOKEN}?${query({ ...params, oauth_signature: 'AAAA' + params.oauth_signature!.slice(4) })}`);
    expect(res.status).toBe(401);
    const { oauth_signature: _, ...unsigned } = params;
    expect(res.body).toBe(`oauth_problem=signature_invalid&debug_sbs=${baseString('GET', REQUEST_TOKEN, unsigned)}`);
  });

  it('signs the token endpoints over the host actually requested', async () => {
    const params = signParams(REQUEST_TOKEN, { oauth_callback: CALLBACK });
    const res = await fetchVia(`https://api.flickr.com/services/oauth/request_token?${query(params)}`);
    expect(form(res.body).oauth_problem).toBe('signature_invalid');
  });

  it('refuses unknown consumers, reused nonces and stale timestamps', async () => {
    const unknown = await fetchVia(signedUrl(REQUEST_TOKEN, { oauth_callback: CALLBACK }, { consumer: { key: 'nope', secret: 's' } }));
    expect(form(unknown.body).oauth_problem).toBe('consumer_key_unknown');
    const url = signedUrl(REQUEST_TOKEN, { oauth_callback: CALLBACK });
    expect((await fetchVia(url)).status).toBe(200);
    const replay = await fetchVia(url);
    expect([replay.status, form(replay.body).oauth_problem]).toEqual([401, 'nonce_used']);
    const stale = await fetchVia(signedUrl(REQUEST_TOKEN, { oauth_callback: CALLBACK }, { timestamp: Math.floor(Date.now() / 1000) - 601 }));
    expect(form(stale.body).oauth_problem).toBe('timestamp_refused');
  });

  it('rejects an access-token call signed without the request token secret', async () => {
    const rt = await getRequestToken();
    const approved = await decide(rt.oauth_token!, 'approve');
    const verifier = new URL(String(approved.headers.location)).searchParams.get('oauth_verifier')!;
    const res = await fetchVia(signedUrl(ACCESS_TOKEN, { oauth_token: rt.oauth_token!, oauth_verifier: verifier }));
    expect(form(res.body).oauth_problem).toBe('signature_invalid');
  });
});

describe('scenarios', () => {
  it.each(ACCOUNT_SCENARIOS.map((s) => [s] as const))('%s answers getUploadStatus with its fixture', async (scenario) => {
    emulator.setScenario(scenario);
    const res = await rest({ method: 'flickr.people.getUploadStatus' });
    const expected: Record<string, string> = {
      pro: `<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="ok">\n${fixture('doc-example-getUploadStatus.xml')}</rsp>\n`,
      'free-unlimited-2014': fixture('synthetic-free-2014-getUploadStatus.xml'),
    };
    expect(res.status).toBe(200);
    expect(res.body).toBe(expected[scenario] ?? fixture(`synthetic-${scenario}-getUploadStatus.xml`));
  });

  it('near, at and over the item limit carry the counts the scenario names promise', async () => {
    const counts: string[] = [];
    for (const scenario of ['free-near-limit', 'free-at-limit', 'free-over-limit'] as const) {
      emulator.setScenario(scenario);
      const { body } = await rest({ method: 'flickr.people.getUploadStatus' });
      counts.push(`${/upload_count="(\d+)"/.exec(body)?.[1]}/${/upload_limit="(\d+)"/.exec(body)?.[1]}`);
    }
    expect(counts).toEqual(['990/1000', '1000/1000', '1003/1000']);
  });

  it('limited-bandwidth has 8% of 1 GiB left and one video; no-videos-left has none', async () => {
    emulator.setScenario('limited-bandwidth');
    const limited = (await rest({ method: 'flickr.people.getUploadStatus' })).body;
    const remaining = Number(/remainingbytes="(\d+)"/.exec(limited)?.[1]);
    expect(remaining / 1073741824).toBeCloseTo(0.08, 3);
    expect(limited).toContain('unlimited="0"');
    expect(limited).toContain('<videos uploaded="4" remaining="1" />');
    emulator.setScenario('no-videos-left');
    expect((await rest({ method: 'flickr.people.getUploadStatus' })).body).toContain('remaining="0" />');
  });

  it.each([
    ['revoked', 200, fixture('err98-invalid-auth-token.xml')],
    ['invalid-key', 200, fixture('err100-invalid-key.xml')],
    ['unavailable-105', 200, fixture('synthetic-err105-service-unavailable.xml')],
    ['unknown-code', 200, fixture('synthetic-err999-unknown-code.xml')],
    ['html-503', 503, fixture('synthetic-html-503-outage.html')],
    ['html-500', 500, fixture('synthetic-html-500-error.html')],
    ['not-found-404', 404, fixture('synthetic-html-404-not-found.html')],
    ['rate-limited-429', 429, fixture('synthetic-html-429-too-many-requests.html')],
    ['empty', 200, ''],
    ['malformed', 200, fixture('synthetic-malformed-truncated.xml')],
    ['json-where-xml', 200, fixture('free-2014-getUploadStatus.json')],
    ['doctype', 200, fixture('synthetic-doctype-entities.xml')],
  ] as const)('%s answers HTTP %i with its body', async (scenario, status, body) => {
    emulator.setScenario(scenario);
    const res = await rest({ method: 'flickr.people.getUploadStatus' });
    expect(res.status).toBe(status);
    expect(res.body).toBe(body);
    expect(emulator.calls.at(-1)).toMatchObject({ apiMethod: 'flickr.people.getUploadStatus', outcome: 'fail', status });
  });

  it('the failure bodies are what their names say', () => {
    expect(errCode(fixture('synthetic-err999-unknown-code.xml'))).toBe('999');
    expect(fixture('synthetic-err105-service-unavailable.xml')).toContain('<err code="105" msg="Service currently unavailable" />');
    expect(fixture('synthetic-malformed-truncated.xml')).not.toContain('</rsp>');
    expect(fixture('synthetic-doctype-entities.xml')).toMatch(/<!DOCTYPE rsp \[[\s\S]*<!ENTITY lol9 /);
  });

  it('rate-limited-429 asks to retry after 120 s', async () => {
    emulator.setScenario('rate-limited-429');
    expect((await rest({ method: 'flickr.people.getUploadStatus' })).headers['retry-after']).toBe('120');
  });

  it('huge sends a 5 MiB reply', async () => {
    emulator.setScenario('huge');
    const res = await rest({ method: 'flickr.people.getUploadStatus' });
    expect(Buffer.byteLength(res.body)).toBe(5 * 1024 * 1024);
    expect(res.body.endsWith('</rsp>\n')).toBe(true);
  });

  it('hang accepts the request and never answers', async () => {
    emulator.setScenario('hang');
    const grant = emulator.issueAccessToken();
    const url = signedUrl(REST, { method: 'flickr.people.getUploadStatus', oauth_token: grant.token }, { tokenSecret: grant.secret });
    await expect(fetchVia(url, { timeoutMs: 400 })).rejects.toThrow('timed out');
    expect(emulator.calls.at(-1)).toMatchObject({ apiMethod: 'flickr.people.getUploadStatus', status: 0, outcome: 'fail' });
  });

  it('reset breaks the connection in the middle of the reply', async () => {
    emulator.setScenario('reset');
    await expect(rest({ method: 'flickr.people.getUploadStatus' })).rejects.toThrow();
  });

  it('failures that come from in front of the API reach badly signed calls; the others need a good signature', async () => {
    const bad = () => fetchVia(`${REST}?method=flickr.people.getUploadStatus&oauth_consumer_key=${DEMO_CONSUMER.key}&oauth_signature=x`);
    emulator.setScenario('html-503');
    expect((await bad()).status).toBe(503);
    emulator.setScenario('unavailable-105');
    expect(errCode((await bad()).body)).toBe('96');
  });

  it('account scenarios leave the other methods alone; failure scenarios hit every method', async () => {
    emulator.setScenario('pro');
    expect((await rest({ method: 'flickr.people.getLimits' })).body).toContain('<person');
    emulator.setScenario('unavailable-105');
    expect(errCode((await rest({ method: 'flickr.people.getLimits' })).body)).toBe('105');
  });

  it('refuses an unknown scenario name', () => {
    expect(() => emulator.setScenario('nope' as never)).toThrow(/unknown emulator scenario/);
  });
});

describe('web pages and the call log', () => {
  it('serves the single-page home and uploader, the account page, and HTML 404s', async () => {
    for (const path of ['/', '/photos/upload/', '/photos/upload']) {
      const res = await fetchVia(`https://www.flickr.com${path}`);
      expect(res.status).toBe(200);
      expect(res.body).toContain("history.pushState");
      expect(res.body).toContain("'file-input'");
      expect(res.body).toContain("'drop-zone'");
      expect(res.body).toContain("'add-input'");
      expect(res.body).not.toMatch(/\b(src|href)="https?:/);
    }
    expect((await fetchVia('https://www.flickr.com/account')).body).toContain('Signed in as Bees');
    const missing = await fetchVia('https://www.flickr.com/no/such/page');
    expect([missing.status, missing.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
  });

  it('logs every request with host, path, method, outcome and code', async () => {
    const grant = emulator.issueAccessToken();
    await rest({ method: 'flickr.people.getUploadStatus' }, grant);
    await rest({ method: 'flickr.people.getLimits' }, grant);
    await rest({ method: 'flickr.nope' }, grant);
    await fetchVia('https://www.flickr.com/photos/upload/');
    expect(emulator.calls).toMatchObject([
      { host: 'api.flickr.com', path: '/services/rest/', apiMethod: 'flickr.people.getUploadStatus', outcome: 'ok', status: 200 },
      { apiMethod: 'flickr.people.getLimits', outcome: 'ok' },
      { apiMethod: 'flickr.nope', outcome: 'fail', code: 112 },
      { host: 'www.flickr.com', path: '/photos/upload/', outcome: 'ok', status: 200 },
    ]);
    expect(emulator.calls[0]!.at).toBeGreaterThan(Date.now() - 60_000);
    expect(emulator.restCallCount()).toBe(3);
    expect(emulator.restCallCount('flickr.people.getUploadStatus')).toBe(1);
  });

  it('setAccount changes who the tokens and replies belong to', async () => {
    emulator.setAccount({ nsid: '99999999@N00', username: 'other' });
    try {
      const res = await rest({ method: 'flickr.test.login' });
      expect(res.body).toContain('<user id="99999999@N00">');
      expect(res.body).toContain('<username>other</username>');
      expect(emulator.issueAccessToken()).toMatchObject({ nsid: '99999999@N00', username: 'other' });
    } finally {
      emulator.setAccount(DEMO_ACCOUNT);
    }
  });
});

describe('emulator lifecycle', () => {
  it('listens on the port it is given and stops even with a hanging request open', async () => {
    const probe = await startEmulator({ scenario: 'hang' });
    const port = probe.port;
    await probe.stop();
    const fixed = await startEmulator({ port, scenario: 'hang' });
    expect(fixed.port).toBe(port);
    expect(fixed.origin).toBe(`https://127.0.0.1:${port}`);
    const pending = new Promise<string>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/services/rest/?method=x', rejectUnauthorized: false, agent: false }, () => resolve('answered'));
      req.on('error', () => resolve('closed'));
      req.end();
    });
    while (fixed.calls.length === 0) await new Promise((r) => setTimeout(r, 20));
    expect(fixed.calls[0]).toMatchObject({ status: 0, outcome: 'fail' });
    await fixed.stop();
    expect(await pending).toBe('closed');
  });
});
