/** /services/oauth/request_token, /authorize and /access_token, failing the way Flickr does. */
import { hmacSha1Base64, rfc3986, signatureBaseString, signatureMatches, signingKey } from './oauth';
import { authorizePage, errorPage } from './pages';
import { HTML, TEXT, redirect, send, type Handled } from './reply';
import { param, type Consumer, type EmulatorState, type IncomingCall } from './state';

const SIGNED = ['oauth_consumer_key', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method', 'oauth_timestamp'];
const PERMS = ['read', 'write', 'delete'];

function refuse(endpoint: 'request_token' | 'access_token', problem: string, extra = ''): Handled {
  return {
    reply: send(401, TEXT, `oauth_problem=${problem}${extra}`),
    note: { oauthEndpoint: endpoint, outcome: 'fail', problem },
  };
}

type Checked = { ok: true; consumer: Consumer } | { ok: false; failure: Handled };

/** The checks both token endpoints share, in Flickr's order; the signature is checked last. */
function checkSigned(
  state: EmulatorState,
  call: IncomingCall,
  endpoint: 'request_token' | 'access_token',
  required: readonly string[],
  tokenSecret: () => string | undefined,
): Checked {
  const fault = state.oauthFaults.get(endpoint);
  if (fault !== undefined) return { ok: false, failure: refuse(endpoint, fault) };
  const absent = [...SIGNED, ...required].filter((name) => param(call.params, name) === undefined);
  if (absent.length > 0) {
    return { ok: false, failure: refuse(endpoint, 'parameter_absent', `&oauth_parameters_absent=${rfc3986(absent.join('&'))}`) };
  }
  const consumer = state.consumers.get(param(call.params, 'oauth_consumer_key') ?? '');
  if (!consumer) return { ok: false, failure: refuse(endpoint, 'consumer_key_unknown') };
  if (param(call.params, 'oauth_signature_method') !== 'HMAC-SHA1') {
    return { ok: false, failure: refuse(endpoint, 'signature_method_rejected') };
  }
  if (!state.timestampAcceptable(param(call.params, 'oauth_timestamp') ?? '')) {
    return { ok: false, failure: refuse(endpoint, 'timestamp_refused') };
  }
  const secret = tokenSecret();
  if (secret === undefined) return { ok: false, failure: refuse(endpoint, 'token_rejected') };
  const base = signatureBaseString(call.httpMethod, call.baseUrl, call.params);
  const expected = hmacSha1Base64(signingKey(consumer.secret, secret), base);
  if (!signatureMatches(expected, param(call.params, 'oauth_signature') ?? '')) {
    // Flickr echoes its base string as is, not form-encoded a second time.
    return { ok: false, failure: refuse(endpoint, 'signature_invalid', `&debug_sbs=${base}`) };
  }
  if (!state.useNonce(consumer.key, param(call.params, 'oauth_nonce') ?? '')) {
    return { ok: false, failure: refuse(endpoint, 'nonce_used') };
  }
  return { ok: true, consumer };
}

export function requestToken(state: EmulatorState, call: IncomingCall): Handled {
  const checked = checkSigned(state, call, 'request_token', ['oauth_callback'], () => '');
  if (!checked.ok) return checked.failure;
  const token = state.issueRequestToken(checked.consumer.key, param(call.params, 'oauth_callback') ?? '');
  return {
    reply: send(200, TEXT, `oauth_callback_confirmed=true&oauth_token=${rfc3986(token.token)}&oauth_token_secret=${rfc3986(token.secret)}`),
    note: { oauthEndpoint: 'request_token', outcome: 'ok' },
  };
}

export function accessToken(state: EmulatorState, call: IncomingCall): Handled {
  const requestToken = state.requestTokens.get(param(call.params, 'oauth_token') ?? '');
  const checked = checkSigned(state, call, 'access_token', ['oauth_token', 'oauth_verifier'], () =>
    requestToken && !requestToken.used && requestToken.consumerKey === param(call.params, 'oauth_consumer_key')
      ? requestToken.secret
      : undefined,
  );
  if (!checked.ok) return checked.failure;
  if (!requestToken) return refuse('access_token', 'token_rejected');
  if (requestToken.verifier === undefined || requestToken.verifier !== param(call.params, 'oauth_verifier')) {
    return refuse('access_token', 'verifier_invalid');
  }
  requestToken.used = true;
  const granted = state.issueAccessToken(checked.consumer.key);
  const { fullname, nsid, username } = state.account;
  const body = [
    ['fullname', fullname],
    ['oauth_token', granted.token],
    ['oauth_token_secret', granted.secret],
    ['user_nsid', nsid],
    ['username', username],
  ]
    .map(([name, value]) => `${name}=${rfc3986(value ?? '')}`)
    .join('&');
  return { reply: send(200, TEXT, body), note: { oauthEndpoint: 'access_token', outcome: 'ok' } };
}

function pageFailure(title: string, message: string, problem: string): Handled {
  return {
    reply: send(200, HTML, errorPage(title, message)),
    note: { oauthEndpoint: 'authorize', outcome: 'fail', problem },
  };
}

function pendingToken(state: EmulatorState, call: IncomingCall) {
  const token = state.requestTokens.get(param(call.params, 'oauth_token') ?? '');
  return token && !token.used ? token : undefined;
}

/** GET: the consent page the user sees (already signed in as the demo account). */
export function authorizePrompt(state: EmulatorState, call: IncomingCall): Handled {
  const token = pendingToken(state, call);
  if (!token) return pageFailure('Oops! Invalid token', 'The request token is invalid or has expired.', 'token_rejected');
  const perms = param(call.params, 'perms');
  if (perms === undefined || !PERMS.includes(perms)) {
    return pageFailure('Oops! Something went wrong', 'The application did not ask for a valid permission (perms).', 'perms_absent');
  }
  const appName = state.consumers.get(token.consumerKey)?.name ?? 'Quota Badge for Flickr';
  return {
    reply: send(200, HTML, authorizePage(appName, token.token, perms)),
    note: { oauthEndpoint: 'authorize', outcome: 'ok' },
  };
}

/** POST from the consent page: approve redirects to the callback, cancel to the home page. */
export function authorizeDecision(state: EmulatorState, call: IncomingCall): Handled {
  const token = pendingToken(state, call);
  if (!token) return pageFailure('Oops! Invalid token', 'The request token is invalid or has expired.', 'token_rejected');
  if (param(call.params, 'decision') !== 'approve') {
    return { reply: redirect('https://www.flickr.com/'), note: { oauthEndpoint: 'authorize', outcome: 'fail', problem: 'user_refused' } };
  }
  token.verifier = state.newVerifier();
  if (token.callback === 'oob') {
    return {
      reply: send(200, HTML, errorPage('Your verification code', token.verifier)),
      note: { oauthEndpoint: 'authorize', outcome: 'ok' },
    };
  }
  const separator = token.callback.includes('?') ? '&' : '?';
  const query = `oauth_token=${rfc3986(token.token)}&oauth_verifier=${rfc3986(token.verifier)}`;
  return { reply: redirect(`${token.callback}${separator}${query}`), note: { oauthEndpoint: 'authorize', outcome: 'ok' } };
}
