/** What a handler decides: the bytes to send (or a hang / reset) and how the call is logged. */

export interface SendReply {
  kind: 'send';
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Reply =
  | SendReply
  | { kind: 'hang' }
  /** Sends the headers and `partial`, then destroys the socket. */
  | { kind: 'reset'; partial: Buffer }
  /** Resets the connection (TCP RST) without answering. */
  | { kind: 'drop' };

export interface CallNote {
  apiMethod?: string;
  oauthEndpoint?: 'request_token' | 'authorize' | 'access_token';
  outcome: 'ok' | 'fail';
  /** Flickr error code of a failed REST call. */
  code?: number;
  /** `oauth_problem` of a failed /services/oauth/* call. */
  problem?: string;
}

export interface Handled {
  reply: Reply;
  note: CallNote;
}

export function send(status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}): SendReply {
  return {
    kind: 'send',
    status,
    headers: { 'Content-Type': contentType, ...headers },
    body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'),
  };
}

export function redirect(location: string): SendReply {
  return send(302, 'text/html; charset=utf-8', '', { Location: location });
}

export const HTML = 'text/html; charset=utf-8';
export const TEXT = 'text/plain; charset=utf-8';
