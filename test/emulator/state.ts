/** Everything the emulator remembers between requests: consumers, tokens, nonces, account, scenario. */
import { randomBytes, randomInt } from 'node:crypto';
import type { Param } from './oauth';
import type { ScenarioName } from './scenarios';

export interface Consumer {
  key: string;
  secret: string;
  /** Shown on the authorize page; default "Quota Badge for Flickr". */
  name?: string;
}

export const DEMO_CONSUMER = {
  key: 'demo-consumer-key-0001',
  secret: 'demo-consumer-secret',
  name: 'Quota Badge for Flickr',
} as const satisfies Consumer;

export interface DemoAccount {
  nsid: string;
  username: string;
  fullname: string;
}

export const DEMO_ACCOUNT: DemoAccount = { nsid: '12037949754@N01', username: 'Bees', fullname: 'Bees Demo' };

export interface RequestToken {
  token: string;
  secret: string;
  consumerKey: string;
  callback: string;
  /** Set when the user approved on the authorize page. */
  verifier: string | undefined;
  /** Exchanged for an access token already: request tokens are single-use. */
  used: boolean;
}

export interface AccessToken {
  token: string;
  secret: string;
  consumerKey: string;
  revoked: boolean;
}

/** One HTTP request as the handlers see it. */
export interface IncomingCall {
  httpMethod: string;
  /** Host header, lower-cased, port included when the client sent one. */
  host: string;
  /** Path exactly as requested, without the query. */
  path: string;
  /** `https://<host><path>`: the only base URL a signature may be computed over. */
  baseUrl: string;
  /** Query parameters, then form-encoded body parameters. */
  params: Param[];
}

export function param(params: readonly Param[], name: string): string | undefined {
  return params.find(([n]) => n === name)?.[1];
}

export class EmulatorState {
  readonly consumers = new Map<string, Consumer>();
  readonly requestTokens = new Map<string, RequestToken>();
  readonly accessTokens = new Map<string, AccessToken>();
  private readonly nonces = new Set<string>();
  /** `oauth_problem` to answer at a token endpoint whatever the request, as set by `failOAuth`. */
  readonly oauthFaults = new Map<'request_token' | 'access_token', string>();

  constructor(
    consumers: readonly Consumer[],
    public account: DemoAccount,
    public scenario: ScenarioName,
    /** Milliseconds since the epoch; replaceable so tests can skew the clock. */
    readonly now: () => number,
  ) {
    for (const consumer of consumers) this.consumers.set(consumer.key, consumer);
  }

  /** Records a nonce; false when this consumer already used it. */
  useNonce(consumerKey: string, nonce: string): boolean {
    const key = `${consumerKey}\n${nonce}`;
    if (this.nonces.has(key)) return false;
    this.nonces.add(key);
    return true;
  }

  /** OAuth timestamps are whole seconds; Flickr refuses more than 10 minutes of skew. */
  timestampAcceptable(timestamp: string): boolean {
    if (!/^\d+$/.test(timestamp)) return false;
    return Math.abs(Number(timestamp) - Math.floor(this.now() / 1000)) <= 600;
  }

  issueRequestToken(consumerKey: string, callback: string): RequestToken {
    const token: RequestToken = { token: flickrToken(), secret: hex(8), consumerKey, callback, verifier: undefined, used: false };
    this.requestTokens.set(token.token, token);
    return token;
  }

  issueAccessToken(consumerKey: string): AccessToken {
    const token: AccessToken = { token: flickrToken(), secret: hex(8), consumerKey, revoked: false };
    this.accessTokens.set(token.token, token);
    return token;
  }

  newVerifier(): string {
    return hex(8);
  }
}

/** Shaped like Flickr's tokens, e.g. `72157626737672178-022bbd2f4c2f3432`. */
function flickrToken(): string {
  return `72157${String(randomInt(0, 1e12)).padStart(12, '0')}-${hex(8)}`;
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
