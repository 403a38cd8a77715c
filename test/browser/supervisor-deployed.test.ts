/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser.)
/**
 * The supervisor console as it runs deployed, in a real headless Chromium: supervisor.html reads config.json
 * (written from the stack outputs), signs in through the Cognito managed login with the authorization code +
 * PKCE, and calls the agent API at config.apiUrl. Amazon Cognito and API Gateway have no emulator, so a local
 * stand-in plays them: its /idp/oauth2/authorize and /idp/oauth2/token follow the Cognito endpoints' contract
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html, token-endpoint.html)
 * and verify the PKCE challenge (RFC 7636 S256) — a wrong verifier gets invalid_grant — and /v1/* is passed to
 * the sandbox's own agent API (the same routes the supervisor-api function mounts). The built app is served
 * as the hosting bucket would serve it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.ts';

const CLIENT_ID = 'santral-test-client';
const CALLBACK_PAGES = ['connect.html', 'streams.html', 'supervisor.html'];
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

interface StandIn {
  origin: string;
  /** Who the next login signs in as (the managed login's form, filled in). */
  signInAs: string;
  /** Serve no config.json (an admin who has not uploaded it yet). */
  withoutConfig: boolean;
  tokenRequests: { ok: boolean; redirectUri: string }[];
  apiCalls: string[];
  close(): Promise<void>;
}

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const base64Url = (b: Buffer) =>
  b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

async function startStandIn(h: Harness): Promise<StandIn> {
  const codes = new Map<string, { challenge: string; redirectUri: string; login: string }>();
  const state: Omit<StandIn, 'origin' | 'close'> = {
    signInAs: 'maria',
    withoutConfig: false,
    tokenRequests: [],
    apiCalls: [],
  };
  let origin = '';
  const json = (res: ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/config.json') {
      if (state.withoutConfig) return json(res, 403, { message: 'Access Denied' });
      return json(res, 200, {
        apiUrl: origin,
        cognito: { domain: `${origin}/idp`, clientId: CLIENT_ID, redirectUri: `${origin}/connect.html` },
        quickConnects: [],
      });
    }
    if (url.pathname === '/idp/oauth2/authorize') {
      const q = url.searchParams;
      const redirect = q.get('redirect_uri') ?? '';
      const registered = CALLBACK_PAGES.some((p) => redirect === `${origin}/${p}`);
      if (q.get('client_id') !== CLIENT_ID || !registered || q.get('response_type') !== 'code')
        return json(res, 400, { error: 'invalid_request' });
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
        return json(res, 400, { error: 'invalid_request', error_description: 'PKCE S256 required' });
      const code = randomUUID();
      codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: redirect, login: state.signInAs });
      res.writeHead(302, { location: `${redirect}?code=${code}` });
      return res.end();
    }
    if (url.pathname === '/idp/oauth2/token' && req.method === 'POST') {
      const form = new URLSearchParams((await body(req)).toString('utf8'));
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const ok =
        !!grant &&
        form.get('grant_type') === 'authorization_code' &&
        form.get('client_id') === CLIENT_ID &&
        form.get('redirect_uri') === grant.redirectUri &&
        base64Url(createHash('sha256').update(verifier).digest()) === grant.challenge;
      state.tokenRequests.push({ ok, redirectUri: form.get('redirect_uri') ?? '' });
      if (!ok || !grant) return json(res, 400, { error: 'invalid_grant' });
      return json(res, 200, { id_token: h.workspace.tokenFor(grant.login), token_type: 'Bearer' });
    }
    if (url.pathname.startsWith('/v1/')) {
      state.apiCalls.push(`${req.method} ${url.pathname}`);
      const headers: Record<string, string> = {};
      for (const k of ['authorization', 'content-type'])
        if (typeof req.headers[k] === 'string') headers[k] = req.headers[k] as string;
      const payload = req.method === 'GET' || req.method === 'HEAD' ? undefined : await body(req);
      const r = await fetch(`${h.url}${url.pathname}${url.search}`, {
        method: req.method ?? 'GET',
        headers,
        ...(payload ? { body: new Uint8Array(payload) } : {}),
      });
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
      return res.end(Buffer.from(await r.arrayBuffer()));
    }
    // The hosting bucket: the built files, nothing else.
    const file = normalize(join(h.distDir, url.pathname === '/' ? '/index.html' : url.pathname));
    if (!file.startsWith(h.distDir)) return json(res, 403, { message: 'Access Denied' });
    try {
      const content = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      return res.end(content);
    } catch {
      return json(res, 403, { message: 'Access Denied' });
    }
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => json(res, 500, { message: e.message }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

describe('supervisor console, deployed (config.json, Cognito login, the API at apiUrl)', () => {
  let h: Harness | undefined;
  let idp: StandIn | undefined;
  beforeAll(async () => {
    h = await startHarness();
    idp = await startStandIn(h);
  });
  afterAll(async () => {
    await idp?.close();
    await h?.close();
  });
  beforeEach(() => {
    idp!.signInAs = 'maria';
    idp!.withoutConfig = false;
    idp!.tokenRequests.length = 0;
    idp!.apiCalls.length = 0;
  });

  it('signs a supervisor in with the code + PKCE, back on supervisor.html, and loads every section', async () => {
    const page = await h!.browser.newPage();
    await page.setViewport({ width: 1280, height: 1000 });
    await page.goto(`${idp!.origin}/supervisor.html`);
    await page.waitForFunction(() => {
      const sections = [...document.querySelectorAll('main.supervisor-console section[data-section]')];
      return sections.length >= 7 && sections.every((s) => s.getAttribute('data-state') === 'ready');
    });
    expect(idp!.tokenRequests).toEqual([{ ok: true, redirectUri: `${idp!.origin}/supervisor.html` }]);
    // The code is gone from the address bar once exchanged.
    expect(new URL(page.url()).search).toBe('');
    expect(await page.$eval('main.supervisor-console header p', (p) => p.textContent)).toContain('Maria');
    expect(idp!.apiCalls).toEqual(
      expect.arrayContaining([
        'GET /v1/me',
        'POST /v1/supervisor/kpis',
        'GET /v1/supervisor/live',
        'GET /v1/supervisor/campaigns',
        'GET /v1/supervisor/dnc',
      ]),
    );
    await page.close();
  });

  it('shows an agent who signs in that they are not a supervisor, and no console', async () => {
    idp!.signInAs = 'john';
    const page = await h!.browser.newPage();
    await page.goto(`${idp!.origin}/supervisor.html`);
    const message = await page.waitForSelector('[data-field="notSupervisor"]');
    expect(await message!.evaluate((e) => e.textContent)).toContain('is not in the supervisor group');
    expect(await page.$('main.supervisor-console')).toBeNull();
    expect(
      idp!.apiCalls.filter((c) => c.startsWith('GET /v1/supervisor') || c.startsWith('POST /v1/supervisor')),
    ).toEqual([]);
    await page.close();
  });

  it('says what is missing when config.json is not beside the app', async () => {
    idp!.withoutConfig = true;
    const page = await h!.browser.newPage();
    await page.goto(`${idp!.origin}/supervisor.html`);
    const alert = await page.waitForSelector('[role="alert"]');
    expect(await alert!.evaluate((e) => e.textContent)).toMatch(
      /^config\.json: HTTP 403 — the app needs config\.json beside it/,
    );
    expect(idp!.tokenRequests).toEqual([]);
    await page.close();
  });
});
