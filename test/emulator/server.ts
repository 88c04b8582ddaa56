/**
 * A local stand-in for www.flickr.com and api.flickr.com over HTTPS. Browsers reach it through
 * `--host-resolver-rules`, so the product runs against the real Flickr URLs, unchanged.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCertificate } from './cert';
import { fixture } from './fixtures';
import { parseForm } from './oauth';
import { accessToken, authorizeDecision, authorizePrompt, requestToken } from './oauth-endpoints';
import { accountPage, appShell } from './pages';
import { HTML, send, type CallNote, type Handled, type Reply, type SendReply } from './reply';
import { restCall } from './rest';
import { isScenarioName, resetsConnections, type ScenarioName } from './scenarios';
import { DEMO_ACCOUNT, DEMO_CONSUMER, EmulatorState, type Consumer, type DemoAccount, type IncomingCall } from './state';

export { DEMO_ACCOUNT, DEMO_CONSUMER, type Consumer, type DemoAccount } from './state';
export { ACCOUNT_SCENARIOS, FAILURE_SCENARIOS, SCENARIOS, type ScenarioName } from './scenarios';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default `free-near-limit`. */
  scenario?: ScenarioName;
  /** Default: DEMO_CONSUMER only. */
  consumers?: readonly Consumer[];
  account?: Partial<DemoAccount>;
  /** Clock in ms since the epoch, for timestamp checks. Default Date.now. */
  now?: () => number;
}

export interface CallRecord extends CallNote {
  /** ms since the epoch when the request arrived. */
  at: number;
  httpMethod: string;
  host: string;
  path: string;
  query: string;
  /** HTTP status sent; 0 when the emulator never answered (`hang`). */
  status: number;
}

export interface AccessGrant {
  token: string;
  secret: string;
  nsid: string;
  username: string;
  fullname: string;
}

export interface Emulator {
  readonly port: number;
  /** `https://127.0.0.1:<port>` */
  readonly origin: string;
  /** Path of the self-signed certificate (PEM); usable as a CA. */
  readonly certPem: string;
  readonly calls: readonly CallRecord[];
  readonly scenario: ScenarioName;
  setScenario(name: ScenarioName): void;
  /** REST calls logged, all of them or those naming `apiMethod`. */
  restCallCount(apiMethod?: string): number;
  clearCalls(): void;
  /** Every access token issued so far now gets error 98, as after the user revoked the app. */
  revokeAllTokens(): void;
  /** An access token as if the user had gone through the OAuth flow (for seeding storage). */
  issueAccessToken(consumerKey?: string): AccessGrant;
  setAccount(account: Partial<DemoAccount>): void;
  /** Holds every REST reply back by `ms` (0: answer at once), e.g. to overlap two refreshes. */
  setReplyDelay(ms: number): void;
  /** Answers every call to a token endpoint with HTTP 401 `oauth_problem=<problem>`; null: normal again. */
  failOAuth(endpoint: 'request_token' | 'access_token', problem: string | null): void;
  /** Every token pair handed out so far, secrets included (to look for leaks). */
  issuedTokens(): IssuedToken[];
  /** Closes the port and drops open connections: connections are refused until `resumeListening`. */
  stopListening(): Promise<void>;
  /** Listens again on the same port. */
  resumeListening(): Promise<void>;
  stop(): Promise<void>;
}

export interface IssuedToken {
  kind: 'request' | 'access';
  token: string;
  secret: string;
}

const BODY_LIMIT = 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const dir = await mkdtemp(join(tmpdir(), 'flickr-emulator-'));
  const certificate = await generateCertificate(dir);
  const state = new EmulatorState(
    options.consumers ?? [DEMO_CONSUMER],
    { ...DEMO_ACCOUNT, ...options.account },
    checkedScenario(options.scenario ?? 'free-near-limit'),
    options.now ?? Date.now,
  );
  const calls: CallRecord[] = [];
  const sockets = new Set<Socket>();
  let replyDelayMs = 0;

  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
    const at = Date.now();
    void readBody(req).then(
      (body) => {
        const call = incomingCall(req, body);
        const { reply, note } = route(state, call);
        const status = reply.kind === 'send' ? reply.status : reply.kind === 'reset' ? 200 : 0;
        const [, query = ''] = splitUrl(req.url);
        calls.push({ at, httpMethod: call.httpMethod, host: call.host, path: call.path, query, ...note, status });
        if (reply.kind === 'drop') resetConnection(res.socket);
        else if (replyDelayMs > 0 && isRestPath(call.path)) setTimeout(() => write(res, reply), replyDelayMs);
        else write(res, reply);
      },
      () => res.socket?.destroy(),
    );
  });
  server.on('connection', (socket: Socket) => {
    if (resetsConnections(state.scenario)) {
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('tlsClientError', () => {});

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  /** A TLS socket cannot send a TCP reset itself: its TCP socket (seen on `connection`) can. */
  const resetConnection = (tls: Socket | null) => {
    const tcp = [...sockets].find((raw) => raw.remotePort === tls?.remotePort && raw.remoteAddress === tls?.remoteAddress);
    if (tcp) tcp.resetAndDestroy();
    else tls?.destroy();
  };
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    certPem: certificate.certPath,
    calls,
    get scenario() {
      return state.scenario;
    },
    setScenario(name) {
      state.scenario = checkedScenario(name);
    },
    restCallCount(apiMethod) {
      return calls.filter((c) => isRestPath(c.path) && (apiMethod === undefined || c.apiMethod === apiMethod)).length;
    },
    clearCalls() {
      calls.length = 0;
    },
    revokeAllTokens() {
      for (const token of state.accessTokens.values()) token.revoked = true;
    },
    issueAccessToken(consumerKey = DEMO_CONSUMER.key) {
      if (!state.consumers.has(consumerKey)) throw new Error(`unknown consumer ${consumerKey}`);
      const { token, secret } = state.issueAccessToken(consumerKey);
      return { token, secret, ...state.account };
    },
    setAccount(account) {
      state.account = { ...state.account, ...account };
    },
    setReplyDelay(ms) {
      replyDelayMs = ms;
    },
    failOAuth(endpoint, problem) {
      if (problem === null) state.oauthFaults.delete(endpoint);
      else state.oauthFaults.set(endpoint, problem);
    },
    issuedTokens() {
      return [
        ...[...state.requestTokens.values()].map(({ token, secret }) => ({ kind: 'request' as const, token, secret })),
        ...[...state.accessTokens.values()].map(({ token, secret }) => ({ kind: 'access' as const, token, secret })),
      ];
    },
    async stopListening() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dropConnections();
      await closed;
    },
    async resumeListening() {
      if (!server.listening) await listen(port);
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dropConnections();
      await closed;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function checkedScenario(name: string): ScenarioName {
  if (!isScenarioName(name)) throw new Error(`unknown emulator scenario "${name}"`);
  return name;
}

function splitUrl(url = '/'): [path: string, query: string | undefined] {
  const q = url.indexOf('?');
  return q < 0 ? [url, undefined] : [url.slice(0, q), url.slice(q + 1)];
}

function isRestPath(path: string): boolean {
  return path === '/services/rest/' || path === '/services/rest';
}

function incomingCall(req: IncomingMessage, body: string): IncomingCall {
  const [path, query = ''] = splitUrl(req.url);
  const host = (req.headers.host ?? '').toLowerCase();
  const form = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  return {
    httpMethod: req.method ?? 'GET',
    host,
    path,
    baseUrl: `https://${host}${path}`,
    params: [...parseForm(query), ...(form ? parseForm(body) : [])],
  };
}

function route(state: EmulatorState, call: IncomingCall): Handled {
  switch (call.path) {
    case '/services/rest/':
    case '/services/rest':
      return restCall(state, call);
    case '/services/oauth/request_token':
      return requestToken(state, call);
    case '/services/oauth/access_token':
      return accessToken(state, call);
    case '/services/oauth/authorize':
      return call.httpMethod === 'POST' ? authorizeDecision(state, call) : authorizePrompt(state, call);
    case '/':
    case '/photos/upload/':
    case '/photos/upload':
      return page(send(200, HTML, appShell()));
    case '/account':
    case '/account/':
      return page(send(200, HTML, accountPage(state.account.username)));
    default:
      return page(send(404, HTML, fixture('synthetic-html-404-not-found.html')));
  }
}

function page(reply: SendReply): Handled {
  return { reply, note: { outcome: reply.status < 400 ? 'ok' : 'fail' } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) reject(new Error('request body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, reply: Reply): void {
  switch (reply.kind) {
    case 'send':
      res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
      res.end(reply.body);
      return;
    case 'hang':
      return;
    case 'drop':
      return; // handled where the TCP sockets are known
    case 'reset':
      res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(reply.partial.length * 4) });
      res.write(reply.partial, () => res.socket?.destroy());
      return;
  }
}
