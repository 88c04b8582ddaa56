/**
 * A `fetch` for the product's Flickr client that reaches the emulator over real TLS sockets, with
 * www/api.flickr.com mapped to its port (as the browser's host-resolver rules do). Resets, refused
 * connections and hangs are then the real thing, not a scripted rejection.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { Readable } from 'node:stream';
import type { FetchLike } from '../../../src/flickr/client';
import type { Emulator } from '../../emulator/server';

const FLICKR_HOSTS = new Set(['www.flickr.com', 'api.flickr.com']);

export function emulatorFetch(emulator: Emulator): FetchLike {
  const ca = readFileSync(emulator.certPem);
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      if (!FLICKR_HOSTS.has(target.hostname)) {
        reject(new TypeError(`not a Flickr host: ${target.hostname}`));
        return;
      }
      const req = request({
        host: '127.0.0.1',
        port: emulator.port,
        servername: target.hostname,
        ca,
        agent: false,
        method: init.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        headers: { Host: target.host },
      });
      const abort = () => req.destroy(new DOMException('The operation was aborted.', 'AbortError'));
      init.signal?.addEventListener('abort', abort, { once: true });
      req.on('response', (res) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        // The browser reports a body cut short as a network error, and so does this stream.
        res.on('aborted', () => res.destroy(new TypeError('network error: connection closed mid-body')));
        const body = res.statusCode === 204 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        resolve(new Response(body, { status: res.statusCode ?? 0, headers }));
      });
      // fetch rejects with a TypeError whatever broke the connection.
      req.on('error', (error) => reject(init.signal?.aborted ? error : new TypeError(`Failed to fetch (${error.message})`)));
      req.end();
    });
}
