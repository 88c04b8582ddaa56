/**
 * A WebDriver BiDi client over a minimal RFC 6455 websocket (text frames, client masking, no
 * extensions): Node 20 has no global WebSocket without a flag, and the project adds no npm
 * package for it.
 */
import { randomBytes, createHash } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP_CONTINUATION = 0x0;
const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** One websocket connection carrying UTF-8 text messages. */
export class TextWebSocket {
  private buffered: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;
  onMessage: (text: string) => void = () => {};
  onClose: (reason: string) => void = () => {};

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.finish('socket closed'));
    socket.on('error', (error) => this.finish(`socket error: ${error.message}`));
  }

  static connect(url: string, timeoutMs = 10_000): Promise<TextWebSocket> {
    const target = new URL(url);
    if (target.protocol !== 'ws:') throw new Error(`only ws:// URLs are supported, got ${url}`);
    const key = randomBytes(16).toString('base64');
    return new Promise((resolve, reject) => {
      const req = request({
        host: target.hostname,
        port: Number(target.port || 80),
        path: `${target.pathname}${target.search}`,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': key,
        },
        timeout: timeoutMs,
      });
      req.on('upgrade', (res, socket, head) => {
        const expected = createHash('sha1').update(key + WS_GUID).digest('base64');
        if (res.headers['sec-websocket-accept'] !== expected) {
          socket.destroy();
          reject(new Error('websocket handshake: bad Sec-WebSocket-Accept'));
          return;
        }
        socket.setNoDelay(true);
        const ws = new TextWebSocket(socket);
        resolve(ws);
        if (head.length > 0) ws.receive(head);
      });
      req.on('response', (res) => {
        res.resume();
        reject(new Error(`websocket handshake refused: HTTP ${res.statusCode}`));
      });
      req.on('timeout', () => req.destroy(new Error(`websocket handshake timed out after ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  send(text: string): void {
    if (this.closed) throw new Error('websocket is closed');
    this.socket.write(frame(OP_TEXT, Buffer.from(text, 'utf8')));
  }

  close(): void {
    if (this.closed) return;
    this.socket.write(frame(OP_CLOSE, Buffer.from([0x03, 0xe8])));
    this.socket.end();
    this.finish('closed by client');
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.onClose(reason);
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const parsed = parseFrame(this.buffered);
      if (!parsed) return;
      this.buffered = this.buffered.subarray(parsed.size);
      this.handle(parsed.fin, parsed.opcode, parsed.payload);
    }
  }

  private handle(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case OP_TEXT:
      case OP_BINARY:
      case OP_CONTINUATION:
        this.fragments.push(payload);
        if (fin) {
          const text = Buffer.concat(this.fragments).toString('utf8');
          this.fragments = [];
          this.onMessage(text);
        }
        return;
      case OP_PING:
        if (!this.closed) this.socket.write(frame(OP_PONG, payload));
        return;
      case OP_CLOSE:
        if (!this.closed) this.socket.write(frame(OP_CLOSE, payload.subarray(0, 2)));
        this.finish('closed by server');
        return;
      default:
        return;
    }
  }
}

/** A masked client frame with FIN set. */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 0x10000 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) {
    header[1] = 0x80 | length;
  } else if (length < 0x10000) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i]! ^ mask[i & 3]!;
  return Buffer.concat([header, mask, masked]);
}

function parseFrame(data: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | undefined {
  if (data.length < 2) return undefined;
  const first = data[0]!;
  const second = data[1]!;
  let offset = 2;
  let length = second & 0x7f;
  if (length === 126) {
    if (data.length < 4) return undefined;
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return undefined;
    length = Number(data.readBigUInt64BE(2));
    offset = 10;
  }
  const masked = (second & 0x80) !== 0;
  const maskOffset = offset;
  if (masked) offset += 4;
  if (data.length < offset + length) return undefined;
  let payload = data.subarray(offset, offset + length);
  if (masked) {
    const unmasked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) unmasked[i] = payload[i]! ^ data[maskOffset + (i & 3)]!;
    payload = unmasked;
  }
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, size: offset + length };
}

/** A BiDi command failure, with the protocol's error code (`no such element`, `unknown error`...). */
export class BidiError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    message: string,
  ) {
    super(`${method}: ${code}: ${message}`);
    this.name = 'BidiError';
  }
}

export interface BidiEvent {
  method: string;
  params: Record<string, unknown>;
}

type Pending = { method: string; resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/** Commands by id, events to listeners. Every command has a timeout so a dead browser cannot hang a test. */
export class BidiConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: BidiEvent) => void>();
  private closedReason: string | undefined;

  private constructor(private readonly ws: TextWebSocket) {
    ws.onMessage = (text) => this.dispatch(text);
    ws.onClose = (reason) => {
      this.closedReason = reason;
      for (const [id, call] of this.pending) {
        clearTimeout(call.timer);
        call.reject(new Error(`${call.method}: connection ${reason}`));
        this.pending.delete(id);
      }
    };
  }

  static async connect(url: string): Promise<BidiConnection> {
    return new BidiConnection(await TextWebSocket.connect(url));
  }

  send<T = Record<string, unknown>>(method: string, params: object = {}, timeoutMs = 30_000): Promise<T> {
    if (this.closedReason !== undefined) return Promise.reject(new Error(`${method}: connection ${this.closedReason}`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Returns a function that removes the listener. */
  on(listener: (event: BidiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.ws.close();
  }

  private dispatch(text: string): void {
    const message = JSON.parse(text) as {
      type?: string;
      id?: number | null;
      result?: unknown;
      error?: string;
      message?: string;
      method?: string;
      params?: Record<string, unknown>;
    };
    if (message.type === 'event' && message.method !== undefined) {
      const event = { method: message.method, params: message.params ?? {} };
      for (const listener of this.listeners) listener(event);
      return;
    }
    if (typeof message.id !== 'number') return;
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    clearTimeout(call.timer);
    if (message.type === 'error') call.reject(new BidiError(call.method, message.error ?? 'error', message.message ?? ''));
    else call.resolve(message.result);
  }
}

/** A BiDi `script.RemoteValue` (only the fields this harness reads). */
export interface RemoteValue {
  type: string;
  value?: unknown;
  sharedId?: string;
  handle?: string;
}

/** What a value that has no JSON form turns into: `{ type: 'node', sharedId }`, `{ type: 'function' }`... */
export interface OpaqueValue {
  type: string;
  sharedId?: string;
  handle?: string;
}

/**
 * A RemoteValue as plain JSON: numbers (NaN, ±Infinity, -0 included), strings, booleans, null,
 * undefined, arrays, objects and maps (string keys); dates as ISO strings, sets and other
 * list-like values as arrays, bigints as bigint, regexps as `/pattern/flags`; everything else
 * (nodes, windows, functions, errors, promises…) as an OpaqueValue.
 */
export function deserialize(remote: RemoteValue): unknown {
  switch (remote.type) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'string':
    case 'boolean':
      return remote.value;
    case 'number':
      return typeof remote.value === 'number' ? remote.value : specialNumber(String(remote.value));
    case 'bigint':
      return BigInt(String(remote.value));
    case 'date':
      return remote.value;
    case 'regexp': {
      const { pattern, flags } = remote.value as { pattern: string; flags?: string };
      return `/${pattern}/${flags ?? ''}`;
    }
    case 'array':
    case 'set':
    case 'nodelist':
    case 'htmlcollection':
      return Array.isArray(remote.value) ? remote.value.map((item) => deserialize(item as RemoteValue)) : [];
    case 'object':
    case 'map':
      if (!Array.isArray(remote.value)) return opaque(remote);
      return Object.fromEntries(
        (remote.value as [string | RemoteValue, RemoteValue][]).map(([key, value]) => [
          typeof key === 'string' ? key : String(deserialize(key)),
          deserialize(value),
        ]),
      );
    default:
      return opaque(remote);
  }
}

function opaque(remote: RemoteValue): OpaqueValue {
  const value: OpaqueValue = { type: remote.type };
  if (remote.sharedId !== undefined) value.sharedId = remote.sharedId;
  if (remote.handle !== undefined) value.handle = remote.handle;
  return value;
}

function specialNumber(text: string): number {
  switch (text) {
    case 'NaN':
      return Number.NaN;
    case '-0':
      return -0;
    case 'Infinity':
      return Number.POSITIVE_INFINITY;
    case '-Infinity':
      return Number.NEGATIVE_INFINITY;
    default:
      return Number(text);
  }
}
