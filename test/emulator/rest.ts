/** /services/rest: signature and token checks, then the method's reply or the scenario's failure. */
import { escapeXml, fixture, okXmlToFlickrJson } from './fixtures';
import { hmacSha1Base64, signatureBaseString, signatureMatches, signingKey } from './oauth';
import { send, type Handled, type Reply } from './reply';
import { failure, isAccountScenario, uploadStatusReply, type FailureReply } from './scenarios';
import { param, type EmulatorState, type IncomingCall } from './state';

type Format = { kind: 'xml' } | { kind: 'json' } | { kind: 'jsonp'; callback: string };

interface Body {
  xml: string;
  json: string;
}

const XML = 'text/xml; charset=utf-8';

function encode(format: Format, body: Body): Reply {
  switch (format.kind) {
    case 'xml':
      return send(200, XML, body.xml);
    case 'json':
      return send(200, 'application/json; charset=utf-8', body.json);
    case 'jsonp':
      return send(200, 'text/javascript; charset=utf-8', `${format.callback}(${body.json})`);
  }
}

function fail(code: number, message: string, xml?: string, json?: string): Body {
  return {
    xml: xml ?? `<?xml version="1.0" encoding="utf-8" ?>\n<rsp stat="fail">\n\t<err code="${code}" msg="${escapeXml(message)}" />\n</rsp>\n`,
    json: json ?? JSON.stringify({ stat: 'fail', code, message }),
  };
}

function failureReply(format: Format, reply: FailureReply): { reply: Reply; code?: number } {
  switch (reply.kind) {
    case 'flickr-error':
      return { reply: encode(format, reply), code: reply.code };
    case 'http':
      return { reply: send(reply.status, reply.contentType, reply.body, reply.headers) };
    case 'hang':
    case 'reset':
    case 'drop':
      return { reply };
  }
}

function personalise(xml: string, state: EmulatorState): string {
  return xml.replaceAll('12037949754@N01', escapeXml(state.account.nsid)).replaceAll('>Bees<', `>${escapeXml(state.account.username)}<`);
}

const METHODS: Record<string, (state: EmulatorState) => Body> = {
  'flickr.people.getUploadStatus': (state) => {
    if (!isAccountScenario(state.scenario)) throw new Error('failure scenarios are answered before the method runs');
    return uploadStatusReply(state.scenario);
  },
  'flickr.people.getLimits': (state) => {
    const xml = personalise(fixture('synthetic-getLimits-free.xml'), state);
    return { xml, json: okXmlToFlickrJson(xml) };
  },
  'flickr.test.login': (state) => {
    const xml = personalise(fixture('synthetic-test-login.xml'), state);
    return { xml, json: okXmlToFlickrJson(xml) };
  },
};

export function restCall(state: EmulatorState, call: IncomingCall): Handled {
  const apiMethod = param(call.params, 'method') ?? '';
  const format = formatOf(call);
  const failed = (code: number, body: Body): Handled => ({
    reply: encode(format ?? { kind: 'xml' }, body),
    note: { apiMethod, outcome: 'fail', code },
  });
  const scenarioFailure = isAccountScenario(state.scenario) ? undefined : failure(state.scenario);
  const answerScenario = (): Handled | undefined => {
    if (!scenarioFailure) return undefined;
    const { reply, code } = failureReply(format ?? { kind: 'xml' }, scenarioFailure.reply);
    return { reply, note: { apiMethod, outcome: 'fail', ...(code === undefined ? {} : { code }) } };
  };

  if (scenarioFailure?.stage === 'before-checks') return answerScenario()!;
  if (!format) return failed(111, fail(111, `Format "${param(call.params, 'format') ?? ''}" not found`));

  const consumer = state.consumers.get(param(call.params, 'oauth_consumer_key') ?? param(call.params, 'api_key') ?? '');
  if (!consumer) return failed(100, fail(100, '', fixture('err100-invalid-key.xml'), fixture('err100-invalid-key.json')));

  const signature = param(call.params, 'oauth_signature');
  if (signature === undefined) return failed(97, fail(97, 'Missing signature', fixture('synthetic-err97-missing-signature.xml')));

  const tokenValue = param(call.params, 'oauth_token');
  const token = tokenValue === undefined ? undefined : state.accessTokens.get(tokenValue);
  if (tokenValue !== undefined && (!token || token.revoked || token.consumerKey !== consumer.key)) {
    return failed(98, fail(98, 'Invalid auth token', fixture('err98-invalid-auth-token.xml')));
  }

  const invalidSignature = fail(96, 'Invalid signature', fixture('synthetic-err96-invalid-signature.xml'), fixture('err96-invalid-signature.json'));
  const expected = hmacSha1Base64(
    signingKey(consumer.secret, token?.secret ?? ''),
    signatureBaseString(call.httpMethod, call.baseUrl, call.params),
  );
  if (param(call.params, 'oauth_signature_method') !== 'HMAC-SHA1' || !signatureMatches(expected, signature)) {
    return failed(96, invalidSignature);
  }
  // Replayed or stale calls are refused as badly signed ones.
  if (!state.timestampAcceptable(param(call.params, 'oauth_timestamp') ?? '')) return failed(96, invalidSignature);
  if (!state.useNonce(consumer.key, param(call.params, 'oauth_nonce') ?? '')) return failed(96, invalidSignature);

  const method = METHODS[apiMethod];
  if (!method) {
    const xml = fixture('synthetic-err112-method-not-found.xml').replace('%METHOD%', escapeXml(apiMethod));
    return failed(112, fail(112, `Method "${apiMethod}" not found`, xml));
  }
  if (!token) {
    return failed(99, fail(99, 'Insufficient permissions. Method requires read privileges; none granted.', fixture('err99-insufficient-permissions.xml')));
  }
  if (scenarioFailure) return answerScenario()!;
  return { reply: encode(format, method(state)), note: { apiMethod, outcome: 'ok' } };
}

function formatOf(call: IncomingCall): Format | undefined {
  const format = param(call.params, 'format') ?? 'rest';
  if (format === 'rest') return { kind: 'xml' };
  if (format !== 'json') return undefined;
  if (param(call.params, 'nojsoncallback') === '1') return { kind: 'json' };
  const callback = param(call.params, 'jsoncallback') ?? '';
  return { kind: 'jsonp', callback: /^[A-Za-z_$][\w$.]*$/.test(callback) ? callback : 'jsonFlickrApi' };
}
