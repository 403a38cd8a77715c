/**
 * Sandbox robustness with real processes and real files: the CLI runs in child processes (tsx), as on a
 * laptop where `npm start` serves in one terminal while another runs commands; damaged stores are copies of
 * a real sandbox's LevelDB and s3rver files, broken the way disks and fingers break them. No case may
 * print a stack trace or read a damaged store as empty.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '#shared/config/load.ts';
import { startSandbox } from '#shared/local/sandbox.ts';
import { LOCK_FILE } from '#shared/local/sandbox-lock.ts';

const root = mkdtempSync(join(tmpdir(), 'santral-robust-'));
const base = join(root, 'base');
let copies = 0;
/** A copy of the seeded base sandbox (one internal DNC entry), for one case. */
const copyOfBase = () => {
  const dir = join(root, `case-${copies++}`);
  cpSync(base, dir, { recursive: true });
  return dir;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `santral …` in a child process on `stateDir`. */
function santral(stateDir: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'infra/cli/main.ts', ...args],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, SANTRAL_STATE_DIR: stateDir, NODE_NO_WARNINGS: '1', ...env },
        timeout: 120_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

/** A long-running child (`santral sandbox start --port 0`), its output collected. */
function spawnSantral(stateDir: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SANTRAL_STATE_DIR: stateDir, NODE_NO_WARNINGS: '1', ...env },
  });
  const out = { text: '' };
  child.stdout.on('data', (d: Buffer) => (out.text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out.text += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out, exited };
}

async function until(what: string, ok: () => boolean, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** No stack trace and no raw dynalite/LevelDB failure reaches the user. */
function expectNoStack(r: Run) {
  const all = `${r.stdout}\n${r.stderr}`;
  expect(all).not.toMatch(/^\s+at .+[(:]\d+/m);
  expect(all).not.toContain('Database is closed');
  expect(all).not.toContain('node_modules');
}

const ISO = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
const children: ChildProcess[] = [];

beforeAll(async () => {
  // The base sandbox, created in this process (closing it releases LevelDB for the children).
  const sb = await startSandbox({ stateDir: base, seed: { history: false, dnc: ['+12065550100'] } });
  await sb.close();
  // Opened once more, LevelDB turns its write-ahead log into table (.ldb) files, as a used sandbox has.
  await (await startSandbox({ stateDir: base })).close();
  expect(readdirSync(join(base, 'dynamodb')).filter((f) => f.endsWith('.ldb')).length).toBeGreaterThan(0);
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe('a second command on a sandbox another process holds', () => {
  it('waits briefly, saying so, then names the holder (pid, command, since) — no dynalite stack', async () => {
    const dir = copyOfBase();
    const holder = spawnSantral(dir, ['sandbox', 'start', '--port', '0']);
    children.push(holder.child);
    await until('the holder serving', () => holder.out.text.includes('Local workspace'));
    const started = Date.now();
    const r = await santral(dir, ['dnc', 'list'], { SANTRAL_SANDBOX_WAIT_MS: '2000' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `sandbox: .* is in use by santral process ${holder.child.pid} \\(\`santral sandbox start --port 0\`, since ${ISO}\\); waiting up to 2 s`,
      ),
    );
    expect(r.stderr).toMatch(
      new RegExp(
        `santral: the sandbox state in .* is in use by santral process ${holder.child.pid} \\(\`santral sandbox start --port 0\`, since ${ISO}\\); waited 2 s\\. Stop that command`,
      ),
    );
    expectNoStack(r);
    // `sandbox status` says who holds it too.
    const status = await santral(dir, ['sandbox', 'status']);
    expect(status.stdout).toContain(
      `in use by santral process ${holder.child.pid} (\`santral sandbox start --port 0\``,
    );

    // A command that waits longer runs as soon as the holder stops (Ctrl-C / SIGTERM closes the sandbox).
    const waiting = spawnSantral(dir, ['dnc', 'list'], { SANTRAL_SANDBOX_WAIT_MS: '60000' });
    children.push(waiting.child);
    await until('the second command waiting', () => waiting.out.text.includes('waiting up to 60 s'));
    holder.child.kill('SIGTERM');
    expect(await holder.exited).toBe(0);
    expect(await waiting.exited).toBe(0);
    expect(waiting.out.text).toContain('1 number on the internal list');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 240_000);

  it('a stale lock — its pid dead, or reused by a newer process — is taken over', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => dead.on('exit', r));
    const stale = (pid: number, since: string) =>
      JSON.stringify({ pid, command: 'santral sandbox start', since, host: hostname() });
    const deadDir = copyOfBase();
    writeFileSync(join(deadDir, LOCK_FILE), stale(dead.pid!, new Date().toISOString()));
    // This test process is alive, but it started after 2001: the lock is not its own.
    const reusedDir = copyOfBase();
    writeFileSync(join(reusedDir, LOCK_FILE), stale(process.pid, '2001-01-01T00:00:00.000Z'));
    const [a, b] = await Promise.all([
      santral(deadDir, ['dnc', 'list']),
      santral(reusedDir, ['dnc', 'list']),
    ]);
    for (const [r, dir] of [
      [a, deadDir],
      [b, reusedDir],
    ] as const) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('1 number on the internal list');
      expect(r.stderr).not.toContain('in use');
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    }
  }, 180_000);

  it('a process holding the database without a santral.lock (an older santral) is reported as such', async () => {
    const dir = copyOfBase();
    // dynalite's own LevelDB binding, opened here: the child finds the database locked.
    const { Level } = createRequire(createRequire(import.meta.url).resolve('dynalite'))('level') as {
      Level: new (p: string) => { open(): Promise<void>; close(): Promise<void> };
    };
    const db = new Level(join(dir, 'dynamodb'));
    await db.open();
    try {
      const r = await santral(dir, ['dnc', 'list']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'is in use by another process (it holds the database lock but left no santral.lock',
      );
      expectNoStack(r);
    } finally {
      await db.close();
    }
  }, 120_000);
});

describe('a damaged store is refused at start, never read as empty', () => {
  const ldbFiles = (dir: string) =>
    readdirSync(join(dir, 'dynamodb'))
      .filter((f) => f.endsWith('.ldb'))
      .map((f) => join(dir, 'dynamodb', f));

  const cases: { name: string; damage: (dir: string) => void | Promise<void>; reason: RegExp }[] = [
    {
      name: 'a truncated LevelDB table file',
      damage: (dir) => {
        const file = ldbFiles(dir).sort((x, y) => statSync(y).size - statSync(x).size)[0]!;
        truncateSync(file, Math.floor(statSync(file).size / 2));
      },
      reason: /\(LevelDB: (IO error|Corruption): dynamodb\/\d+\.ldb/,
    },
    {
      name: 'a deleted CURRENT file',
      damage: (dir) => rmSync(join(dir, 'dynamodb', 'CURRENT')),
      reason: /\(dynamodb\/CURRENT is missing \(LevelDB would start an empty database\)\)/,
    },
    {
      name: 'a deleted MANIFEST file',
      damage: (dir) => {
        for (const f of readdirSync(join(dir, 'dynamodb')).filter((f) => f.startsWith('MANIFEST-')))
          rmSync(join(dir, 'dynamodb', f));
      },
      reason: /\(LevelDB: IO error: dynamodb\/MANIFEST-\d+: No such file or directory\)/,
    },
    {
      name: 'a deleted table file',
      damage: (dir) => rmSync(ldbFiles(dir)[0]!),
      reason: /\(LevelDB: Corruption: \d+ missing files/,
    },
    {
      name: 'a missing dynamodb/ directory',
      damage: (dir) => rmSync(join(dir, 'dynamodb'), { recursive: true }),
      reason: /\(the dynamodb\/ directory is missing\)/,
    },
    {
      name: 'a missing bucket folder',
      damage: (dir) => rmSync(join(dir, 's3', 'santral-evidence'), { recursive: true }),
      reason: /\(bucket folder s3\/santral-evidence\/ is missing\)/,
    },
    {
      name: 'a DynamoDB store replaced by an empty, valid database',
      damage: async (dir) => {
        rmSync(join(dir, 'dynamodb'), { recursive: true });
        const { Level } = createRequire(createRequire(import.meta.url).resolve('dynalite'))('level') as {
          Level: new (p: string) => { open(): Promise<void>; close(): Promise<void> };
        };
        const db = new Level(join(dir, 'dynamodb'));
        await db.open();
        await db.close();
      },
      reason:
        /\(the DynamoDB store no longer holds the marker written when the sandbox was created \(it is gone\)/,
    },
    {
      name: 'the S3 marker object gone',
      damage: (dir) => {
        const bucket = join(dir, 's3', 'santral-sandbox');
        for (const f of readdirSync(bucket).filter((f) => f.startsWith('marker.json')))
          rmSync(join(bucket, f));
      },
      reason: /\(the S3 store no longer holds the marker written when the sandbox was created \(it is gone\)/,
    },
  ];

  it('every kind of damage: a clear refusal naming it and `santral sandbox reset`, no stack, files untouched', async () => {
    const dirs = await Promise.all(
      cases.map(async (c) => {
        const dir = copyOfBase();
        await c.damage(dir);
        return dir;
      }),
    );
    // The data files (LevelDB tables) as damaged; opening rewrites LevelDB's own MANIFEST/log, as any open does.
    const tables = (d: string) =>
      existsSync(join(d, 'dynamodb'))
        ? readdirSync(join(d, 'dynamodb'))
            .filter((f) => f.endsWith('.ldb'))
            .map((f) => `${f}:${statSync(join(d, 'dynamodb', f)).size}`)
            .sort()
        : [];
    const before = dirs.map(tables);
    const runs = await Promise.all(dirs.map((d) => santral(d, ['dnc', 'list'])));
    runs.forEach((r, i) => {
      const c = cases[i]!;
      expect({ case: c.name, code: r.code }).toEqual({ case: c.name, code: 1 });
      expect(r.stderr, c.name).toMatch(/santral: the sandbox state in .* is damaged \(/);
      expect(r.stderr, c.name).toMatch(c.reason);
      expect(r.stderr, c.name).toContain('Run `santral sandbox reset` to start over');
      expect(r.stdout, c.name).not.toContain('on the internal list');
      expectNoStack(r);
    });
    // The file checks run before the emulators: nothing was written over the damage — no new empty
    // database where CURRENT or the directory was gone, the table files as they were.
    dirs.forEach((d, i) => {
      expect({ case: cases[i]!.name, tables: tables(d) }).toEqual({
        case: cases[i]!.name,
        tables: before[i],
      });
    });
    expect(existsSync(join(dirs[1]!, 'dynamodb', 'CURRENT'))).toBe(false);
    expect(existsSync(join(dirs[4]!, 'dynamodb'))).toBe(false);
  }, 240_000);

  it('`sandbox reset` (fresh) recovers a damaged state, which then opens cleanly', async () => {
    const dir = copyOfBase();
    rmSync(join(dir, 'dynamodb', 'CURRENT'));
    const fresh = await startSandbox({ stateDir: dir, fresh: true, seed: { history: false } });
    expect(fresh.seededNow).toBe(true);
    await fresh.close();
    const again = await startSandbox({ stateDir: dir });
    expect(again.seededNow).toBe(false);
    await again.close();
  }, 120_000);

  it('a sandbox made before the marker existed is adopted (marked) on its next start, not refused', async () => {
    const dir = copyOfBase();
    writeFileSync(
      join(dir, 'seeded.json'),
      JSON.stringify({ seededAt: '2026-11-01T00:00:00.000Z', customers: 3 }),
    );
    rmSync(join(dir, 's3', 'santral-sandbox'), { recursive: true });
    const first = await startSandbox({ stateDir: dir });
    expect(first.seededNow).toBe(false);
    await first.close();
    // Now marked: losing the marker is detected.
    rmSync(join(dir, 's3', 'santral-sandbox'), { recursive: true });
    await expect(startSandbox({ stateDir: dir })).rejects.toThrow(
      /bucket folder s3\/santral-sandbox\/ is missing/,
    );
  }, 120_000);
});
