/**
 * The web host: serves the built renderer and the workstation API over HTTP (POST /api/<channel>)
 * plus a WebSocket (/events) for progress events. Every request needs the session token, given
 * once as `?token=` and then carried by an HttpOnly SameSite=Strict cookie.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventMap, EventName } from '../../src-shared/ipc-contract';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/csp';
import { dispatch } from '../workbench/api/dispatch';
import type { Handlers } from '../workbench/api/handlers';
import { mediaType, rendererFile } from '../workbench/renderer-files';

const COOKIE = 'ecgnq_token';
const MAX_BODY_BYTES = 1 << 20;

/** Options of {@link startWebHost}. */
export interface WebHostOptions {
  handlers: Handlers;
  /** Folder with the built renderer (index.html + assets). */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token (tests); a random 32-byte hex token otherwise. */
  token?: string;
}

/** A running web host. */
export interface WebHost {
  url: string;
  /** URL with the token, to open once. */
  loginUrl: string;
  token: string;
  port: number;
  emit<E extends EventName>(event: E, payload: EventMap[E]): void;
  close(): Promise<void>;
}

/** True for loopback addresses (the only ones served without a warning). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (!candidate || candidate.length !== token.length) {
    return false;
  }
  return timingSafeEqual(Buffer.from(candidate), Buffer.from(token));
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) {
      return rest.join('=');
    }
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serveStatic(rendererDir: string, pathname: string, res: ServerResponse): Promise<void> {
  const file = rendererFile(rendererDir, pathname);
  if (file === null) {
    send(res, 403, 'forbidden', 'text/plain');
    return;
  }
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new Error('not a file');
    }
    const body = await readFile(file);
    const headers: Record<string, string> = {};
    if (file.endsWith('.html')) {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
    }
    send(res, 200, body, mediaType(file), headers);
  } catch {
    if (pathname === '/' || pathname === '/index.html') {
      send(res, 500, `renderer not built: run "npm run build" (looked in ${resolve(rendererDir)})`, 'text/plain');
    } else {
      send(res, 404, 'not found', 'text/plain');
    }
  }
}

/**
 * Starts the web host. Resolves once it listens.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<WebSocket>();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, JSON.stringify({ ok: false, error: { code: 'internal', message: String(error) } }), 'application/json');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && queryToken !== undefined) {
      if (!tokenMatches(queryToken, token)) {
        send(res, 401, 'invalid token', 'text/plain');
        return;
      }
      url.searchParams.delete('token');
      send(res, 303, '', 'text/plain', {
        Location: url.pathname + (url.search || ''),
        'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      return;
    }
    if (!tokenMatches(cookieToken(req), token)) {
      send(res, 401, 'unauthorized: open the URL with ?token= printed by `ecgnq serve`', 'text/plain');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, 'POST only', 'text/plain', { Allow: 'POST' });
        return;
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      let payload: unknown;
      try {
        const body = await readBody(req);
        payload = body === '' ? {} : (JSON.parse(body) as unknown);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid-input', message } }), 'application/json');
        return;
      }
      const result = await dispatch(options.handlers, channel, payload);
      send(res, 200, JSON.stringify(result), 'application/json');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'method not allowed', 'text/plain');
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, res);
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/events' || !tokenMatches(cookieToken(req), token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolvePromise());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const base = `http://${shownHost}:${port}/`;
  return {
    url: base,
    loginUrl: `${base}?token=${token}`,
    token,
    port,
    emit(event, payload) {
      const message = JSON.stringify({ event, payload });
      for (const ws of sockets) {
        ws.send(message);
      }
    },
    close() {
      for (const ws of sockets) {
        ws.terminate();
      }
      wss.close();
      return new Promise<void>((resolvePromise) => {
        server.closeAllConnections();
        server.close(() => resolvePromise());
      });
    },
  };
}
