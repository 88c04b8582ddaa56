/**
 * What the emulated REST endpoint answers. An account scenario changes the
 * flickr.people.getUploadStatus reply; a failure scenario replaces the reply of every REST method.
 */
import { fixture, okXmlToFlickrJson, wrapOk } from './fixtures';

export const ACCOUNT_SCENARIOS = [
  'pro',
  'free-unlimited-2014',
  'free-near-limit',
  'free-at-limit',
  'free-over-limit',
  'limited-bandwidth',
  'no-videos-left',
] as const;

export const FAILURE_SCENARIOS = [
  'revoked',
  'invalid-key',
  'unavailable-105',
  'html-503',
  'html-500',
  'not-found-404',
  'empty',
  'malformed',
  'json-where-xml',
  'doctype',
  'huge',
  'hang',
  'reset',
  'rate-limited-429',
  'unknown-code',
  'html-502',
  'jsonp-where-xml',
  'unknown-root',
  'missing-fields',
  'non-numeric',
  'tls-reset',
] as const;

export const SCENARIOS = [...ACCOUNT_SCENARIOS, ...FAILURE_SCENARIOS] as const;

export type AccountScenario = (typeof ACCOUNT_SCENARIOS)[number];
export type FailureScenario = (typeof FAILURE_SCENARIOS)[number];
export type ScenarioName = (typeof SCENARIOS)[number];

export function isScenarioName(name: string): name is ScenarioName {
  return (SCENARIOS as readonly string[]).includes(name);
}

export function isAccountScenario(name: ScenarioName): name is AccountScenario {
  return (ACCOUNT_SCENARIOS as readonly string[]).includes(name);
}

/** A successful getUploadStatus reply; `json` is a real JSON body to use instead of converting. */
export interface StatusReply {
  xml: string;
  json: string;
}

export function uploadStatusReply(name: AccountScenario): StatusReply {
  const xml = uploadStatusXml(name);
  const json = name === 'free-unlimited-2014' ? fixture('free-2014-getUploadStatus.json') : okXmlToFlickrJson(xml);
  return { xml, json };
}

function uploadStatusXml(name: AccountScenario): string {
  switch (name) {
    case 'pro':
      return wrapOk(fixture('doc-example-getUploadStatus.xml'));
    case 'free-unlimited-2014':
      return fixture('synthetic-free-2014-getUploadStatus.xml');
    case 'free-near-limit':
      return fixture('synthetic-free-near-limit-getUploadStatus.xml');
    case 'free-at-limit':
      return fixture('synthetic-free-at-limit-getUploadStatus.xml');
    case 'free-over-limit':
      return fixture('synthetic-free-over-limit-getUploadStatus.xml');
    case 'limited-bandwidth':
      return fixture('synthetic-limited-bandwidth-getUploadStatus.xml');
    case 'no-videos-left':
      return fixture('synthetic-no-videos-left-getUploadStatus.xml');
  }
}

export type FailureReply =
  /** A Flickr error envelope (HTTP 200), in the format the call asked for. */
  | { kind: 'flickr-error'; code: number; xml: string; json: string }
  /** A fixed HTTP reply whatever the format asked for. */
  | { kind: 'http'; status: number; contentType: string; body: Buffer; headers: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'reset'; partial: Buffer }
  /** TCP reset without a byte of reply (the server also resets new connections mid-handshake). */
  | { kind: 'drop' };

export interface Failure {
  /**
   * `before-checks`: the reply comes from in front of the API (proxy, load balancer, key check),
   * so even a badly signed call gets it. `after-checks`: only a correctly signed call gets it.
   */
  stage: 'before-checks' | 'after-checks';
  reply: FailureReply;
}

const XML = 'text/xml; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const HUGE_BYTES = 5 * 1024 * 1024;

export function failure(name: FailureScenario): Failure {
  switch (name) {
    case 'revoked':
      return after(flickrError(98, 'err98-invalid-auth-token.xml', 'Invalid auth token'));
    case 'invalid-key':
      return before({
        kind: 'flickr-error',
        code: 100,
        xml: fixture('err100-invalid-key.xml'),
        json: fixture('err100-invalid-key.json'),
      });
    case 'unavailable-105':
      return after(flickrError(105, 'synthetic-err105-service-unavailable.xml', 'Service currently unavailable'));
    case 'unknown-code':
      return after(flickrError(999, 'synthetic-err999-unknown-code.xml', 'Something unexpected happened'));
    case 'html-503':
      return before(http(503, HTML, fixture('synthetic-html-503-outage.html')));
    case 'html-500':
      return before(http(500, HTML, fixture('synthetic-html-500-error.html')));
    case 'not-found-404':
      return before(http(404, HTML, fixture('synthetic-html-404-not-found.html')));
    case 'rate-limited-429':
      return before(http(429, HTML, fixture('synthetic-html-429-too-many-requests.html'), { 'Retry-After': '120' }));
    case 'empty':
      return after(http(200, XML, ''));
    case 'malformed':
      return after(http(200, XML, fixture('synthetic-malformed-truncated.xml')));
    case 'json-where-xml':
      return after(http(200, 'application/json; charset=utf-8', fixture('free-2014-getUploadStatus.json')));
    case 'doctype':
      return after(http(200, XML, fixture('synthetic-doctype-entities.xml')));
    case 'huge':
      return after(http(200, XML, hugeBody()));
    case 'hang':
      return before({ kind: 'hang' });
    case 'reset':
      return after({ kind: 'reset', partial: Buffer.from(fixture('synthetic-malformed-truncated.xml')) });
    case 'html-502':
      return before(http(502, HTML, BAD_GATEWAY_PAGE));
    case 'jsonp-where-xml':
      return after(http(200, 'text/javascript; charset=utf-8', `jsonFlickrApi(${fixture('free-2014-getUploadStatus.json')})`));
    case 'unknown-root':
      return after(http(200, XML, nearLimitXml().replace('<rsp stat="ok">', '<response stat="ok">').replace('</rsp>', '</response>')));
    case 'missing-fields':
      return after(http(200, XML, nearLimitXml().replace(/\t<bandwidth [^>]*\/>\n/, '')));
    case 'non-numeric':
      return after(http(200, XML, nearLimitXml().replace('remainingbytes="214748364800"', 'remainingbytes="200 GB"')));
    case 'tls-reset':
      return before({ kind: 'drop' });
  }
}

/** Scenarios whose fault sits below HTTP: the server resets new connections during the TLS handshake. */
export function resetsConnections(name: ScenarioName): boolean {
  return name === 'tls-reset';
}

/** What a proxy in front of Flickr says when Flickr does not answer it. */
const BAD_GATEWAY_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>
`;

function nearLimitXml(): string {
  return fixture('synthetic-free-near-limit-getUploadStatus.xml');
}

function before(reply: FailureReply): Failure {
  return { stage: 'before-checks', reply };
}

function after(reply: FailureReply): Failure {
  return { stage: 'after-checks', reply };
}

function flickrError(code: number, file: string, message: string): FailureReply {
  return { kind: 'flickr-error', code, xml: fixture(file), json: JSON.stringify({ stat: 'fail', code, message }) };
}

function http(status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): FailureReply {
  return { kind: 'http', status, contentType, body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), headers };
}

/** A well-formed near-limit reply padded with an XML comment to 5 MiB: only a size cap refuses it. */
function hugeBody(): Buffer {
  const xml = nearLimitXml();
  const closing = '</rsp>\n';
  const head = xml.slice(0, xml.lastIndexOf(closing));
  const padding = HUGE_BYTES - Buffer.byteLength(head + closing) - '<!--  -->\n'.length;
  return Buffer.from(`${head}<!-- ${'x'.repeat(padding)} -->\n${closing}`, 'utf8');
}
