/** The emulator's fault knobs: reply delay, refused port, TLS-handshake reset, OAuth faults, token log, extra bodies. */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './fixtures';
import { failure } from './scenarios';
import { startEmulator, type Emulator } from './server';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => emulator.stop());

/** GET over TLS with Flickr's host name; resolves with the status or the socket error's code. */
function get(path: string, host = 'www.flickr.com'): Promise<{ status?: number; error?: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: emulator.port, servername: host, rejectUnauthorized: false, agent: false, path, headers: { Host: host } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, ms: Date.now() - started }));
    req.end();
  });
}

const bodyOf = (name: Parameters<typeof failure>[0]) => {
  const reply = failure(name).reply;
  if (reply.kind !== 'http') throw new Error(`${name} is not an HTTP reply`);
  return { status: reply.status, body: reply.body.toString('utf8') };
};

describe('fault knobs', () => {
  it('setReplyDelay holds REST replies back, not pages', async () => {
    emulator.setReplyDelay(300);
    try {
      expect((await get('/services/rest/?method=flickr.test.echo', 'api.flickr.com')).ms).toBeGreaterThanOrEqual(290);
      expect((await get('/')).ms).toBeLessThan(250);
    } finally {
      emulator.setReplyDelay(0);
    }
  });

  it('stopListening refuses connections until resumeListening, on the same port', async () => {
    await emulator.stopListening();
    expect((await get('/')).error).toBe('ECONNREFUSED');
    await emulator.resumeListening();
    expect((await get('/')).status).toBe(200);
  });

  it('tls-reset resets every new connection before the handshake completes', async () => {
    emulator.setScenario('tls-reset');
    const before = emulator.calls.length;
    try {
      expect((await get('/')).error).toBe('ECONNRESET');
      expect(emulator.calls).toHaveLength(before);
    } finally {
      emulator.setScenario('free-near-limit');
    }
  });

  it('the extra bodies differ from the good reply exactly where their names say', () => {
    const good = fixture('synthetic-free-near-limit-getUploadStatus.xml');
    expect(bodyOf('html-502')).toMatchObject({ status: 502, body: expect.stringContaining('502 Bad Gateway') });
    expect(bodyOf('jsonp-where-xml').body).toMatch(/^jsonFlickrApi\(\{[\s\S]*\}\s*\)$/);
    expect(bodyOf('unknown-root').body).toBe(good.replace('<rsp stat="ok">', '<response stat="ok">').replace('</rsp>', '</response>'));
    const missing = bodyOf('missing-fields').body;
    expect(missing).not.toContain('<bandwidth');
    expect(missing).toContain('<filesize');
    const nonNumeric = bodyOf('non-numeric').body;
    expect(nonNumeric).toContain('remainingbytes="200 GB"');
    expect(nonNumeric.length).toBe(good.length + 'remainingbytes="200 GB"'.length - 'remainingbytes="214748364800"'.length);
  });
});
