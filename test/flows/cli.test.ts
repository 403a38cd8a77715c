/**
 * The "Done when" checks, through the real CLI in child processes (each command is its own
 * process, as on a laptop), on a sandbox state directory of its own.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#shared/config/load.ts';
import type { CallTrace } from '#shared/simulator/types.ts';

const run = promisify(execFile);
const stateDir = mkdtempSync(join(tmpdir(), 'santral-sandbox-'));
const env = { ...process.env, SANTRAL_STATE_DIR: stateDir, NODE_NO_WARNINGS: '1' };

async function santral(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', ...args], {
      cwd: REPO_ROOT,
      env,
      timeout: 60_000,
    });
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

async function call(...args: string[]): Promise<CallTrace> {
  const r = await santral('sim', 'call', '--json', ...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as CallTrace;
}

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('santral CLI: sandbox and simulated calls', () => {
  it('sandbox start --no-serve seeds the sandbox, prints a demo call and exits 0', async () => {
    const r = await santral('sandbox', 'start', '--no-serve');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('seeded fresh demo data');
    expect(r.stdout).toMatch(/caller hears .*"Hello Ada/);
    expect(r.stdout).toContain('⇒ queued to Support at priority 1');
    expect(existsSync(join(stateDir, 'seeded.json'))).toBe(true);
  });

  it('npm start prints the demo call, then serves the local workspace until Ctrl-C', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'infra/cli/main.ts', 'sandbox', 'start', '--port', '0'],
      {
        cwd: REPO_ROOT,
        env,
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = performance.now() + 60_000;
      let url: string | undefined;
      while (!url && performance.now() < deadline) {
        // The banner's last line (agent API) says the whole banner is out.
        if (out.includes('agent API'))
          url = /agent workspace\s+(http:\/\/127\.0\.0\.1:\d+)\/agent\.html/.exec(out)?.[1];
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(url, out).toBeDefined();
      expect(out).toContain('⇒ queued to Support at priority 1');
      expect(out).toMatch(/CCP stand-in\s+http:\/\/127\.0\.0\.1:\d+\/ccp\.html/);
      expect(out).toMatch(
        /supervisor console http:\/\/127\.0\.0\.1:\d+\/supervisor\.html {2}\(sign in on the workspace as maria first\)/,
      );
      const page = await fetch(`${url}/agent.html`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('sandbox-agent.js');
      const agents = (await (await fetch(`${url}/sandbox/agents`)).json()) as {
        agents: { username: string }[];
      };
      expect(agents.agents.map((a) => a.username)).toContain('john');
      const unauthenticated = await fetch(`${url}/v1/me`);
      expect(unauthenticated.status).toBe(401);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('workspace stopped');
  });

  it('queues the VIP to Support at a higher priority than the standard customer (weekday 11:00 New York)', async () => {
    const vip = await call('--from', '+12065550100', '--press', '1', '--at', '2026-11-24T11:00');
    const standard = await call(
      '--from',
      '+12065550101',
      '--press',
      '1',
      '--at',
      '2026-11-24T11:00:00-05:00',
    );
    expect(vip.outcome).toMatchObject({ type: 'queued', queue: 'Support' });
    expect(standard.outcome).toMatchObject({ type: 'queued', queue: 'Support' });
    // Connect: 1 is the highest queue priority.
    expect(vip.outcome.priority).toBeLessThan(standard.outcome.priority!);
  });

  it('on 2026-12-25 the same call is not queued and hears the opening hours', async () => {
    const t = await call('--from', '+12065550100', '--press', '1', '--at', '2026-12-25T11:00');
    expect(t.outcome.type).not.toBe('queued');
    expect(t.prompts.some((p) => p.includes('Our opening hours are Monday to Friday'))).toBe(true);
  });

  it('an opt-out in one command is visible to the next (state persists in the sandbox)', async () => {
    const optOut = await call('--from', '+12065550101', '--press', '9', '--at', '2026-11-24T11:00');
    expect(optOut.lambdas.find((l) => l.name === 'opt-out')?.result).toMatchObject({ optOutStatus: 'ok' });
    const next = await call('--from', '+12065550101', '--press', '1', '--at', '2026-11-24T11:05');
    expect(next.lambdas.find((l) => l.name === 'ivr-lookup')?.result).toMatchObject({ onDncList: 'true' });
  });

  it('--press 9* cancels the opt-out: back at the menu, the number stays callable', async () => {
    const cancel = await call('--from', '+12065550100', '--press', '9*', '--at', '2026-11-24T11:00');
    expect(cancel.lambdas.some((l) => l.name === 'opt-out')).toBe(false);
    expect(cancel.prompts.filter((p) => p.startsWith('For support, press 1')).length).toBeGreaterThan(1);
    const next = await call('--from', '+12065550100', '--press', '1', '--at', '2026-11-24T11:05');
    expect(next.lambdas.find((l) => l.name === 'ivr-lookup')?.result).toMatchObject({ onDncList: 'false' });
  });

  it('flows test runs the scenarios with coverage and writes Connect test cases', async () => {
    const out = join(stateDir, 'connect-tests');
    const r = await santral('flows', 'test', '--coverage', '--export-connect', out);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(r.stdout).toMatch(/inbound-main\s+\d+%/);
    const files = readdirSync(out);
    expect(files.length).toBeGreaterThanOrEqual(8);
    const first = JSON.parse(readFileSync(join(out, files[0]!), 'utf8')) as {
      Content: { Version: string; Observations: { Event: { Type: string } }[] };
    };
    expect(first.Content.Observations[0]?.Event.Type).toBe('TestInitiated');
    expect(first.Content.Observations.at(-1)?.Event.Type).toBe('TestCompleted');
  });

  it('rejects a malformed caller number with a clear message and exit code 1', async () => {
    const r = await santral('sim', 'call', '--from', 'hello');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"hello" is not a valid phone number');
  });
});

describe('santral sim call --to <file> (after the sandbox tests: it uses the seeded state)', () => {
  it('sim call --to <file> runs a foreign flow file, its unresolvable references as named stand-ins', async () => {
    const file = '../shared/corpus/external-flows/cdk-constructs--inbound-contact-flow.json';
    const trace = await call('--from', '+12065550100', '--to', file, '--at', '2026-11-24T11:00');
    expect(trace.path[0]!.flow).toBe('cdk-constructs--inbound-contact-flow');
    expect(['queued', 'transferred', 'callback', 'disconnected']).toContain(trace.outcome.type);
    expect(trace.outcome.reason ?? '').not.toMatch(/unsupported action|step limit/);
  });
});
