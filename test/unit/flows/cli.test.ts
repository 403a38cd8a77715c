import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { register } from '#infra/cli/commands/flows.ts';
import { FLOWS_DIR } from '#shared/config/load.ts';
import { loadAllFlows } from '#shared/flows/model.ts';
import { connectMock, fakeInstance, INSTANCE, lambdaMock } from './fake-instance.ts';

async function run(...args: string[]) {
  const program = new Command('santral').option('--stage <stage>', 'stage', 'dev').exitOverride();
  register(program);
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'warn').mockImplementation((m: string) => void err.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
  process.exitCode = undefined;
  await program.parseAsync(['node', 'santral', ...args]);
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  vi.restoreAllMocks();
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

describe('santral flows validate', () => {
  it('passes on the repo flows', async () => {
    const r = await run('flows', 'validate');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/9 flows checked: 0 error\(s\), 0 warning\(s\)/);
  });

  it('exits 1 naming the file, the action and the defect', async () => {
    const r = await run('flows', 'validate', 'test/fixtures/flows/queue-without-capacity.json');
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      'error: test/fixtures/flows/queue-without-capacity.json › action to-queue (TransferContactToQueue): no error branch for QueueAtCapacity',
    );
  });

  it('prints warnings without failing', async () => {
    const r = await run('flows', 'validate', 'test/fixtures/flows/unreachable-block.json');
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'warning: test/fixtures/flows/unreachable-block.json › action orphan (MessageParticipant)',
    );
  });
});

describe('santral flows diagram', () => {
  it('writes a fenced Mermaid chart to a .md file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'santral-diagram-')), 'inbound.md');
    const r = await run('flows', 'diagram', 'inbound-main', '--out', out);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('```mermaid\n%% inbound-main (CONTACT_FLOW)')).toBe(true);
    expect(text.trimEnd().endsWith('```')).toBe(true);
  });

  it('fails with the known flow names for an unknown flow', async () => {
    await expect(run('flows', 'diagram', 'nope')).rejects.toThrow(
      /no flow "nope"; flows in contact-flows\/: agent-whisper/,
    );
  });
});

describe('santral flows pull', () => {
  beforeEach(() => {
    connectMock.reset();
    lambdaMock.reset();
  });

  it('writes the flows of a live instance back as the same files', async () => {
    fakeInstance(loadAllFlows());
    const out = mkdtempSync(join(tmpdir(), 'santral-pull-'));
    const r = await run(
      'flows',
      'pull',
      '--instance',
      INSTANCE,
      '--flow',
      'inbound-main',
      'opt-out',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    for (const name of ['inbound-main', 'opt-out'])
      expect(readFileSync(join(out, `${name}.json`), 'utf8')).toBe(
        readFileSync(join(FLOWS_DIR, `${name}.json`), 'utf8'),
      );
    expect(r.out).toContain('2 flow(s) pulled');
  });

  it('exits 1 when a requested flow is not in the instance', async () => {
    fakeInstance(loadAllFlows());
    const out = mkdtempSync(join(tmpdir(), 'santral-pull-'));
    const r = await run('flows', 'pull', '--instance', INSTANCE, '--flow', 'nope', '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('flow "nope" is not in the instance');
  });
});
