/**
 * The local workspace server without a browser: the agent API behind token verification, the sandbox
 * sign-in and CCP stand-in routes, the switchboard's contact lifecycle, and the static files' boundaries.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCallTime } from '#infra/cli/commands/sandbox.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { DEMO_VIP } from '#shared/local/demo-data.ts';
import { type LocalWorkspace, startLocalWorkspace } from '#shared/local/local-workspace.ts';
import { seedSandbox } from '#shared/local/sandbox.ts';
import type { AgentContactEvent } from '#shared/local/switchboard.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

describe('local workspace server', () => {
  useEmbeddedAws();
  const config = loadStageConfig('dev');
  const dist = mkdtempSync(join(tmpdir(), 'santral-ws-static-'));
  let ws: LocalWorkspace;
  const events: AgentContactEvent[] = [];
  let stopListening: () => void;

  beforeAll(async () => {
    writeFileSync(join(dist, 'agent.html'), '<!doctype html><title>agent</title>');
    await seedSandbox({ history: false });
    const base = demoCallTime(config);
    ws = await startLocalWorkspace({ config, distDir: dist, callTime: () => base });
    stopListening = ws.switchboard.listen('john', (e) => events.push(e));
  });
  afterAll(async () => {
    stopListening?.();
    await ws?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const get = (path: string, token?: string) =>
    fetch(`${ws.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const post = (path: string, body: unknown, token?: string) =>
    fetch(`${ws.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  it('answers 401 to the agent API without a token or with a token it did not issue', async () => {
    expect((await get('/v1/me')).status).toBe(401);
    const forged = `${ws.tokenFor('john').split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`;
    const r = await get('/v1/me', forged);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ error: { code: 'unauthenticated', message: 'the token is not valid' } });
  });

  it('signs in a configured agent and refuses anyone else, naming the configured logins', async () => {
    const ok = await post('/sandbox/login', { username: 'ayse' });
    const { token } = (await ok.json()) as { token: string };
    expect(await (await get('/v1/me', token)).json()).toMatchObject({ username: 'ayse', locale: 'tr' });
    const bad = await post('/sandbox/login', { username: 'mallory' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toBe(
      'username: expected one of ayse, john, li, maria',
    );
  });

  it('rejects a malformed call with the field and what was expected', async () => {
    const r = await post('/sandbox/calls', { from: '2065550100', digits: '1' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toBe(
      'from: expected an E.164 number such as +12065550100',
    );
  });

  it('routes a queued call to the signed-in agent of that queue: offered, connected, ACW, ended', async () => {
    events.length = 0;
    const call = (await (await post('/sandbox/calls', { from: DEMO_VIP, digits: '1' })).json()) as {
      contactId: string;
      agent: string;
      from: string;
    };
    expect(call.agent).toBe('john');
    expect(call.from).toBe('+1206***0100'); // masked, as every transcript
    await post(`/sandbox/contacts/${call.contactId}/hangup`, {});
    const token = ws.tokenFor('john');
    // Someone else cannot clear John's contact.
    expect((await post(`/sandbox/contacts/${call.contactId}/clear`, {}, ws.tokenFor('maria'))).status).toBe(
      403,
    );
    expect((await post(`/sandbox/contacts/${call.contactId}/clear`, {}, token)).status).toBe(200);
    expect(events.map((e) => e.state)).toEqual(['offered', 'connected', 'acw', 'ended']);
    expect(events[0]).toMatchObject({ contactId: call.contactId, queue: 'Support' });
  });

  it('serves only files inside the app directory, with the security headers', async () => {
    const page = await get('/agent.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get('/..%2F..%2Fpackage.json')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });
});
