/**
 * CLI conventions: `--version`; `-` reads standard input where a file is read; colour only on a terminal;
 * progress for steps that can take more than two seconds (stderr, so stdout stays clean for --json).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { colourEnabled, paint } from '#infra/cli/colour.ts';
import * as campaignCommands from '#infra/cli/commands/campaign.ts';
import * as dncCommands from '#infra/cli/commands/dnc.ts';
import { main, santralVersion } from '#infra/cli/main.ts';
import { startProgress } from '#infra/cli/progress.ts';
import { runSantral } from '../../support/cli.ts';

const santral = (...args: string[]) => runSantral([dncCommands, campaignCommands], args);

/** Replace process.stdin with `text` for one command. */
function withStdin(text: string) {
  const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
  Object.defineProperty(process, 'stdin', { value: Readable.from([Buffer.from(text)]), configurable: true });
  return () => Object.defineProperty(process, 'stdin', original);
}

describe('santral --version', () => {
  it('prints the package version and exits 0', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      expect(await main(['node', 'santral', '--version'])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join('').trim()).toBe(santralVersion());
    expect(santralVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('`-` reads standard input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'santral-stdin-'));
  beforeAll(() => {
    process.env['SANTRAL_STATE_DIR'] = join(dir, 'state');
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('dnc import - imports a registry file piped in; campaign preview - scrubs a piped list against it', async () => {
    let restore = withStdin('2065550100\n');
    try {
      const r = await santral('dnc', 'import', '-', '--source', 'federal', '--version-date', '2025-06-01');
      expect(r.out).toMatch(/^<stdin>: imported into federal v1 — 1 additions/);
    } finally {
      restore();
    }
    restore = withStdin('phone\n+12065550100\n+12065550111\n');
    try {
      const r = await santral('campaign', 'preview', '-', '--at', '2025-06-10T12:00', '--json');
      expect(JSON.parse(r.out)).toMatchObject({ total: 2, accepted: 1, rejected: { dnc: 1 } });
    } finally {
      restore();
    }
  });
});

describe('colour only on a terminal', () => {
  const saved = { NO_COLOR: process.env['NO_COLOR'], TERM: process.env['TERM'] };
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('paints on a TTY, never on a pipe or a file, never with NO_COLOR or TERM=dumb', () => {
    delete process.env['NO_COLOR'];
    process.env['TERM'] = 'xterm-256color';
    expect(paint('BLOCKED', 'red', { isTTY: true })).toBe('\u001b[31mBLOCKED\u001b[0m');
    expect(paint('BLOCKED', 'red', { isTTY: false })).toBe('BLOCKED');
    expect(paint('BLOCKED', 'red', {})).toBe('BLOCKED');
    process.env['NO_COLOR'] = '';
    expect(colourEnabled({ isTTY: true })).toBe(false);
    delete process.env['NO_COLOR'];
    process.env['TERM'] = 'dumb';
    expect(colourEnabled({ isTTY: true })).toBe(false);
  });
});

describe('progress for long steps', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, s: { isTTY, write: (t: string) => written.push(t) } as unknown as NodeJS.WriteStream };
  };

  it('says nothing when the step ends quickly', async () => {
    const { written, s } = stream(true);
    startProgress('reset', { stream: s, afterMs: 50 }).stop();
    await new Promise((r) => setTimeout(r, 80));
    expect(written).toEqual([]);
  });

  it('off a terminal: one line once the step runs long; on a terminal: elapsed seconds, then done', async () => {
    const pipe = stream(false);
    const p = startProgress('sandbox reset: seeding', { stream: pipe.s, afterMs: 20 });
    await new Promise((r) => setTimeout(r, 60));
    p.stop();
    expect(pipe.written).toEqual(['sandbox reset: seeding …\n']);
    const tty = stream(true);
    const q = startProgress('erasing', { stream: tty.s, afterMs: 20 });
    await new Promise((r) => setTimeout(r, 60));
    q.stop();
    expect(tty.written[0]).toMatch(/^\rerasing … \d+ s$/);
    expect(tty.written.at(-1)).toMatch(/^\rerasing … done in \d+ s\n$/);
  });
});
