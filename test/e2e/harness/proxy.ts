/**
 * The local HTTP proxy Firefox is pointed at (Firefox has no host-resolver flag): it tunnels
 * `CONNECT <flickr host>:443` to the emulator on 127.0.0.1 and refuses every other request, so
 * the browser never reaches the real network. Every request is logged, refused ones included.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export const TUNNELLED_HOSTS = ['www.flickr.com', 'api.flickr.com', 'flickr.com'] as const;

export interface ProxyRequest {
  /** ms since the epoch. */
  at: number;
  /** `CONNECT`, or the method of a plain-HTTP proxy request. */
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  tunnelled: boolean;
}

export interface FlickrProxy {
  readonly port: number;
  readonly requests: readonly ProxyRequest[];
  /** Requests refused (not tunnelled), e.g. the browser's background traffic. */
  refused(): ProxyRequest[];
  stop(): Promise<void>;
}

const HEAD_LIMIT = 16 * 1024;

export async function startFlickrProxy(options: {
  /** Where the tunnelled hosts go: the emulator's port on 127.0.0.1. */
  targetPort: number;
  targetHost?: string;
  hosts?: readonly string[];
}): Promise<FlickrProxy> {
  const targetHost = options.targetHost ?? '127.0.0.1';
  const hosts = new Set((options.hosts ?? TUNNELLED_HOSTS).map((host) => host.toLowerCase()));
  const requests: ProxyRequest[] = [];
  const sockets = new Set<Socket>();

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server: Server = createServer((client) => {
    track(client);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > HEAD_LIMIT) client.destroy();
        return;
      }
      client.off('data', onData);
      const [method = '', target = ''] = head.subarray(0, head.indexOf('\r\n')).toString('latin1').split(' ');
      const rest = head.subarray(end + 4);
      const tunnelled = method === 'CONNECT' && isTunnelled(target, hosts);
      requests.push({ at: Date.now(), method, target, tunnelled });
      if (!tunnelled) {
        client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        return;
      }
      const upstream = connect(options.targetPort, targetHost, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (rest.length > 0) upstream.write(rest);
        client.pipe(upstream);
        upstream.pipe(client);
      });
      track(upstream);
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    };
    client.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });

  return {
    port: (server.address() as AddressInfo).port,
    requests,
    refused: () => requests.filter((r) => !r.tunnelled),
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

function isTunnelled(target: string, hosts: ReadonlySet<string>): boolean {
  const colon = target.lastIndexOf(':');
  if (colon < 0) return false;
  return target.slice(colon + 1) === '443' && hosts.has(target.slice(0, colon).toLowerCase());
}
