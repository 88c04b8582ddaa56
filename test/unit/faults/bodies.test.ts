/**
 * Fault catalogue, reply bodies: every unusable body the emulator can send goes through the
 * product's client over a real socket; each must come out as a typed failure, the popup must say
 * what to do, and the last good figures must stay (grey badge, their age in the popup).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlickrClient, DEFAULT_MAX_BODY_BYTES, type FetchLike } from '../../../src/flickr/client';
import { FlickrError, type FlickrFailure } from '../../../src/flickr/errors';
import { DEMO_CONSUMER, startEmulator, type AccessGrant, type Emulator, type ScenarioName } from '../../emulator/server';
import { emulatorFetch } from './emulator-fetch';
import { expectFiguresKept, meetFault, popupNotice, t } from './survival';

let emulator: Emulator;
let grant: AccessGrant;

beforeAll(async () => {
  emulator = await startEmulator({ scenario: 'free-near-limit' });
  grant = emulator.issueAccessToken();
});
afterAll(async () => emulator.stop());

async function failureOf(call: Promise<unknown>): Promise<FlickrFailure> {
  try {
    await call;
  } catch (error) {
    if (error instanceof FlickrError) return error.failure;
    throw error;
  }
  throw new Error('the call succeeded');
}

const AGE = '5 minutes ago';
const unavailable = t('error_unavailable_with_age', [AGE]);
const unreadable = t('error_unreadable_with_age', [AGE]);

/** Scenario → the failure the client must report → what the popup then says. */
const BAD_BODIES: [ScenarioName, Partial<FlickrFailure>, string][] = [
  ['html-500', { kind: 'http', status: 500 }, unavailable],
  ['html-502', { kind: 'http', status: 502 }, unavailable],
  ['html-503', { kind: 'http', status: 503 }, unavailable],
  ['not-found-404', { kind: 'http', status: 404 }, t('error_http', [404])],
  ['empty', { kind: 'bad-body', reason: 'empty' }, unavailable],
  ['malformed', { kind: 'bad-body', reason: 'malformed' }, unavailable],
  ['json-where-xml', { kind: 'bad-body', reason: 'json' }, unreadable],
  ['jsonp-where-xml', { kind: 'bad-body', reason: 'json' }, unreadable],
  ['doctype', { kind: 'bad-body', reason: 'doctype' }, unreadable],
  ['huge', { kind: 'bad-body', reason: 'too-large' }, unavailable],
  ['unknown-root', { kind: 'bad-body', reason: 'unexpected-root' }, unavailable],
  ['missing-fields', { kind: 'bad-body', reason: 'missing-fields' }, unreadable],
  ['non-numeric', { kind: 'bad-body', reason: 'missing-fields' }, unreadable],
];

describe('bad bodies from the emulator', () => {
  it.each(BAD_BODIES)('%s → typed failure, advice, figures kept', async (scenario, expected, advice) => {
    emulator.setScenario(scenario);
    const client = createFlickrClient({ consumer: DEMO_CONSUMER, fetch: emulatorFetch(emulator) });
    const failure = await failureOf(client.getUploadStatus(grant));
    expect(failure).toMatchObject(expected);
    // getLimits meets the same body and fails the same way.
    expect(await failureOf(client.getLimits(grant))).toMatchObject(expected);

    const after = await meetFault(failure);
    expect(after.outcome).toEqual({ kind: 'failed', failure });
    expectFiguresKept(after);
    expect(popupNotice(after.world)).toBe(advice);
  });

  /** The emulator's fetch, counting the body bytes the client pulls; optionally hiding Content-Length (chunked). */
  function countingFetch(hideLength: boolean) {
    const seen = { delivered: 0 };
    const base = emulatorFetch(emulator);
    const fetch: FetchLike = async (url, init) => {
      const response = await base(url, init);
      const counted = response.body!.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            seen.delivered += chunk.byteLength;
            controller.enqueue(chunk);
          },
        }),
      );
      const headers = new Headers(response.headers);
      if (hideLength) headers.delete('content-length');
      return new Response(counted, { status: response.status, headers });
    };
    return { fetch, seen };
  }

  it('the multi-megabyte body is refused from its Content-Length without reading it', async () => {
    emulator.setScenario('huge');
    const { fetch, seen } = countingFetch(false);
    const client = createFlickrClient({ consumer: DEMO_CONSUMER, fetch });
    expect(await failureOf(client.getUploadStatus(grant))).toMatchObject({ reason: 'too-large' });
    expect(seen.delivered).toBe(0);
  });

  it('without a Content-Length (chunked) the same body is cut off just past the cap', async () => {
    emulator.setScenario('huge');
    const { fetch, seen } = countingFetch(true);
    const client = createFlickrClient({ consumer: DEMO_CONSUMER, fetch });
    expect(await failureOf(client.getUploadStatus(grant))).toMatchObject({ reason: 'too-large' });
    expect(seen.delivered).toBeGreaterThan(DEFAULT_MAX_BODY_BYTES);
    expect(seen.delivered).toBeLessThan(DEFAULT_MAX_BODY_BYTES + 256 * 1024);
  });
});

describe('bodies the emulator has no scenario for (scripted fetch)', () => {
  const access = { token: 'at', secret: 'as' };
  const answer = (body: string, status = 200): FetchLike => async () => new Response(body, { status });
  const statusOf = (body: string, status = 200) =>
    failureOf(createFlickrClient({ consumer: DEMO_CONSUMER, fetch: answer(body, status) }).getUploadStatus(access));

  const okUser = (attrs: string, inner = '') =>
    `<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="ok"><user id="1@N01" ispro="0" ${attrs}><username>x</username>${inner}</user></rsp>`;
  const fullInner = (bandwidth: string) =>
    `<bandwidth maxbytes="100" usedbytes="1" remainingbytes="${bandwidth}" /><filesize maxbytes="200" /><videos remaining="2" />`;

  it('a billion-laughs DOCTYPE after a comment and a BOM is refused before parsing, quickly', async () => {
    const lol = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const body = `\uFEFF<?xml version="1.0"?>\n<!-- hi -->\n<!DOCTYPE rsp [<!ENTITY lol0 "lol">${lol}]>\n<rsp stat="ok"><user id="&lol10;"/></rsp>`;
    const started = performance.now();
    expect(await statusOf(body)).toMatchObject({ kind: 'bad-body', reason: 'doctype' });
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('an undeclared entity reference in a figure is never expanded: the field is refused', async () => {
    expect(await statusOf(okUser('', fullInner('&lol9;')))).toMatchObject({
      kind: 'bad-body',
      reason: 'missing-fields',
      detail: expect.stringContaining('&lol9;'),
    });
  });

  it.each([
    ['negative', '-5'],
    ['decimal', '1.5'],
    ['exponent', '1e21'],
    ['beyond 2^53', '9007199254740993'],
    ['hex', '0x10'],
    ['empty', ''],
  ])('stat="ok" with a %s byte count is refused, never shown as a figure', async (_, value) => {
    expect(await statusOf(okUser('', fullInner(value)))).toMatchObject({ kind: 'bad-body', reason: 'missing-fields' });
  });

  it('stat="ok" without a user element is refused', async () => {
    expect(await statusOf('<rsp stat="ok"></rsp>')).toMatchObject({ kind: 'bad-body', reason: 'missing-fields' });
  });

  it('a JSON error envelope where XML was expected is unreadable, not an API error', async () => {
    expect(await statusOf('{"stat":"fail","code":98,"message":"Invalid auth token"}')).toMatchObject({
      kind: 'bad-body',
      reason: 'json',
    });
  });

  it('an HTML page with HTTP 200 (captive portal) is an outage page, not figures', async () => {
    expect(await statusOf('<html><body>Sign in to the hotel Wi-Fi</body></html>')).toMatchObject({
      kind: 'bad-body',
      reason: 'html',
    });
  });
});
