/**
 * The local workspace: one loopback web server (node:http) for the sandbox that serves
 *   - the built app (workspace/dist: agent.html, ccp.html, …),
 *   - the agent API (`/v1/…`): the same router as the Lambda, behind the same checks API Gateway's JWT
 *     authorizer makes (signature against the issuer's JWKS, issuer, audience, expiry) — the sandbox token
 *     issuer stands in for Cognito,
 *   - the sandbox's own routes (`/sandbox/…`): sign-in (pick a configured agent → token), the CCP
 *     stand-in (place a call, hang up), the agent's contact events (server-sent events) and the quick
 *     connect and clear actions the real CCP would perform.
 * It binds 127.0.0.1 only; nothing here is meant for a network.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { maskPhoneNumber } from '../domain/phone.ts';
import { type AgentContactEvent, type Switchboard, SwitchboardError } from './switchboard.ts';

/** The router's contract (AGENT-API.md › Module layout). */
export interface AgentApiHandler {
  handle(req: {
    method: string;
    path: string;
    claims: Readonly<Record<string, unknown>>;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<{ status: number; body: unknown; headers?: Record<string, string> }>;
}

export interface SandboxIdentity {
  /** A signed token for a configured agent (the sandbox token issuer). */
  issue(login: string): Promise<string> | string;
  /** Verified claims, or a thrown error for a bad/expired/foreign token. */
  verify(token: string): Promise<Readonly<Record<string, unknown>>>;
}

export interface WorkspaceServerOptions {
  distDir: string;
  switchboard: Switchboard;
  api: AgentApiHandler;
  identity: SandboxIdentity;
  /** Demo callers offered by the CCP stand-in. */
  callers: readonly { number: string; label: string }[];
  port?: number;
}

export interface WorkspaceServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers the hosted app gets from CloudFront, minus frame-ancestors (the sandbox is not framed). */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function usernameOf(claims: Readonly<Record<string, unknown>>): string {
  const u = claims['cognito:username'] ?? claims['username'];
  if (typeof u !== 'string' || u === '')
    throw new HttpError(401, 'unauthenticated', 'the token names no user');
  return u;
}

export async function startWorkspaceServer(options: WorkspaceServerOptions): Promise<WorkspaceServer> {
  const { switchboard, api, identity } = options;
  const streams = new Set<ServerResponse>();

  async function claimsOf(
    req: IncomingMessage,
    url: URL,
    allowQuery = false,
  ): Promise<Readonly<Record<string, unknown>>> {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ')
      ? header.slice(7)
      : allowQuery
        ? url.searchParams.get('token')
        : null;
    if (!token) throw new HttpError(401, 'unauthenticated', 'a bearer token is required');
    try {
      return await identity.verify(token);
    } catch {
      throw new HttpError(401, 'unauthenticated', 'the token is not valid');
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path.startsWith('/v1/') || path.startsWith('/sandbox/')) await switchboard.quiet();
    if (path.startsWith('/v1/')) {
      const claims = await claimsOf(req, url);
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readJson(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'authorization') headers[k] = v;
      const out = await api.handle({
        method,
        path,
        claims,
        ...(body !== undefined ? { body } : {}),
        headers,
      });
      return send(res, out.status, out.body, out.headers);
    }
    if (path.startsWith('/sandbox/')) return sandboxRoute(req, res, url, method, path);
    if (method !== 'GET' && method !== 'HEAD')
      throw new HttpError(405, 'method_not_allowed', `${method} ${path}`);
    // The pages that run deployed and here (supervisor.html) read config.json: here it says "sandbox".
    if (path === '/config.json') return send(res, 200, { sandbox: true });
    return serveStatic(res, path === '/' ? '/index.html' : path);
  }

  async function sandboxRoute(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    method: string,
    path: string,
  ): Promise<void> {
    const key = `${method} ${path.replace(/^\/sandbox\/contacts\/[^/]+/, '/sandbox/contacts/:id')}`;
    const contactId = decodeURIComponent(path.split('/')[3] ?? '');
    switch (key) {
      case 'GET /sandbox/agents':
        return send(res, 200, {
          agents: switchboard.agents.map((a) => ({ username: a.login, name: a.name })),
        });
      case 'POST /sandbox/login': {
        const body = (await readJson(req)) as { username?: unknown } | undefined;
        const login = typeof body?.username === 'string' ? body.username : '';
        if (!switchboard.agents.some((a) => a.login === login))
          throw new HttpError(
            400,
            'invalid_request',
            `username: expected one of ${switchboard.agents.map((a) => a.login).join(', ')}`,
          );
        return send(res, 200, { token: await identity.issue(login) });
      }
      case 'GET /sandbox/callers':
        return send(res, 200, {
          callers: options.callers.map((c) => ({
            number: c.number,
            label: `${c.label} (${maskPhoneNumber(c.number)})`,
          })),
        });
      case 'GET /sandbox/contacts':
        return send(res, 200, { contacts: switchboard.list() });
      case 'GET /sandbox/contacts/:id': {
        const c = switchboard.get(contactId);
        if (!c) throw new HttpError(404, 'not_found', `no sandbox contact ${contactId}`);
        return send(res, 200, c);
      }
      case 'POST /sandbox/calls': {
        const body = (await readJson(req)) as { from?: unknown; digits?: unknown } | undefined;
        const from = typeof body?.from === 'string' ? body.from : '';
        if (!/^\+[1-9]\d{6,14}$/.test(from))
          throw new HttpError(400, 'invalid_request', 'from: expected an E.164 number such as +12065550100');
        const digits = typeof body?.digits === 'string' ? body.digits : '';
        if (!/^[0-9*#]*$/.test(digits))
          throw new HttpError(400, 'invalid_request', 'digits: expected keypad keys 0-9 * #');
        return send(res, 201, await switchboard.placeCall({ from, digits }));
      }
      case 'POST /sandbox/contacts/:id/hangup':
        return send(res, 200, switchboard.hangUp(contactId));
      case 'POST /sandbox/contacts/:id/clear': {
        const login = usernameOf(await claimsOf(req, url));
        return send(res, 200, switchboard.clear(contactId, login));
      }
      case 'POST /sandbox/contacts/:id/quick-connect': {
        const login = usernameOf(await claimsOf(req, url));
        const body = (await readJson(req)) as { target?: { type?: unknown; name?: unknown } } | undefined;
        const type = body?.target?.type;
        const name = body?.target?.name;
        if ((type !== 'queue' && type !== 'agent') || typeof name !== 'string')
          throw new HttpError(400, 'invalid_request', 'target: expected { type: "queue" | "agent", name }');
        return send(res, 200, await switchboard.quickConnect(contactId, login, { type, name }));
      }
      case 'GET /sandbox/quick-connects':
        await claimsOf(req, url);
        return send(res, 200, { quickConnects: switchboard.quickConnects() });
      case 'GET /sandbox/events': {
        const login = usernameOf(await claimsOf(req, url, true));
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        res.write(': connected\n\n');
        streams.add(res);
        const off = switchboard.listen(login, (e: AgentContactEvent) =>
          res.write(`event: contact\ndata: ${JSON.stringify(e)}\n\n`),
        );
        req.on('close', () => {
          off();
          streams.delete(res);
        });
        return;
      }
      default:
        throw new HttpError(404, 'not_found', `${method} ${path}`);
    }
  }

  function serveStatic(res: ServerResponse, path: string): void {
    const root = normalize(options.distDir);
    const file = normalize(join(root, decodeURIComponent(path)));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile())
      throw new HttpError(404, 'not_found', `no file ${path}`);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    });
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    route(req, res, url).catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      if (err instanceof HttpError)
        return send(res, err.status, { error: { code: err.code, message: err.message } });
      if (err instanceof SwitchboardError)
        return send(res, err.status, { error: { code: 'sandbox', message: err.message } });
      // No stack traces to users; the terminal gets the message.
      console.error(`workspace server: ${req.method} ${url.pathname}: ${(err as Error).message}`);
      send(res, 500, { error: { code: 'internal', message: 'the sandbox could not handle this request' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of streams) s.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

const MAX_BODY = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HttpError(400, 'invalid_request', `body larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'invalid_request', 'body: expected JSON');
  }
}
