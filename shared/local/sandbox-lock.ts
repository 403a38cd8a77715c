/**
 * One santral process at a time on a sandbox's state (`.santral/` or `SANTRAL_STATE_DIR`). dynalite keeps
 * its LevelDB open for the process's lifetime and LevelDB allows one process per directory; a second
 * process used to die inside dynalite with a raw `Database is closed` stack. The lock file `santral.lock`
 * in the state directory says who holds it — pid, command, since when, host — so a second command waits a
 * few seconds (saying so) and then names the holder instead.
 *
 * Acquisition is atomic: the holder's record is written to a private temporary file and hard-linked to
 * `santral.lock` (link fails when the name exists), so a reader never sees a half-written lock. A lock whose
 * pid is gone (kill -9, a closed terminal), or whose pid now belongs to a process started after the lock
 * was taken (pid reuse, from /proc on Linux), is stale and taken over under a short-lived guard file so
 * that two waiting processes never both take it. LevelDB's own LOCK is released by the OS with its process,
 * so a stale santral.lock never hides a live database.
 */
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { redactPhoneNumbers } from '../middleware/redact.ts';

export const LOCK_FILE = 'santral.lock';
/** How long a second command waits for the holder by default (`SANTRAL_SANDBOX_WAIT_MS` overrides). */
export const DEFAULT_WAIT_MS = 5_000;
const POLL_MS = 200;
/** A takeover guard older than this belongs to a process that died mid-takeover. */
const GUARD_STALE_MS = 10_000;

export interface LockHolder {
  pid: number;
  /** What the holder runs (`santral sandbox start`), numbers masked. */
  command: string;
  /** ISO instant the lock was taken. */
  since: string;
  host: string;
}

export class SandboxInUseError extends Error {
  override readonly name = 'SandboxInUseError';
  constructor(
    readonly stateDir: string,
    readonly holder: LockHolder | undefined,
    readonly waitedMs: number,
    options?: { cause?: unknown },
  ) {
    super(
      `the sandbox state in ${stateDir} is in use by ${holder ? describeHolder(holder) : 'another process (it holds the database lock but left no santral.lock: a santral older than this one?)'}; ` +
        `waited ${Math.round(waitedMs / 1000)} s. Stop that command (or let it finish) and run yours again, or use another SANTRAL_STATE_DIR`,
      options,
    );
  }
}

export function describeHolder(h: LockHolder): string {
  const where = h.host === hostname() ? '' : ` on ${h.host}`;
  return `santral process ${h.pid}${where} (\`${h.command}\`, since ${h.since})`;
}

/** The command line this process runs, as the lock file records it (numbers masked). */
export function currentCommand(argv = process.argv): string {
  const args = argv.slice(2).join(' ');
  return redactPhoneNumbers(`santral${args ? ` ${args}` : ''}`);
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.since !== 'string') return undefined;
    return { pid: h.pid, command: String(h.command ?? '?'), since: h.since, host: String(h.host ?? '?') };
  } catch {
    return undefined;
  }
}

/** When a Linux process started (ms since the epoch), from /proc; undefined elsewhere. */
function processStartMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, clock ticks after boot); fields after the ")" of the command start at field 3.
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const btime = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ is 100 on every Linux ABI Node runs on (sysconf(_SC_CLK_TCK)).
    return Number.isFinite(startTicks) && Number.isFinite(btime) ? btime * 1000 + startTicks * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the holder still runs: its pid exists and is not a newer process that reused the pid. */
export function isHolderAlive(h: LockHolder): boolean {
  if (h.host !== hostname()) return true; // another machine's process: cannot tell, assume alive
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const started = processStartMs(h.pid);
  const since = Date.parse(h.since);
  // The holder wrote `since` after it started; a process started clearly later is another one.
  return !(started !== undefined && Number.isFinite(since) && started > since + 2_000);
}

const sameHolder = (a: LockHolder | undefined, b: LockHolder) =>
  a !== undefined && a.pid === b.pid && a.since === b.since && a.host === b.host;

/** Remove a stale lock, under a guard so that of two processes seeing it only one removes it. */
function takeOverStale(lockPath: string, stale: LockHolder | undefined): void {
  const guard = `${lockPath}.takeover`;
  try {
    writeFileSync(guard, String(process.pid), { flag: 'wx' });
  } catch {
    try {
      if (Date.now() - statSync(guard).mtimeMs > GUARD_STALE_MS) unlinkSync(guard);
    } catch {
      // gone meanwhile
    }
    return;
  }
  try {
    const current = readHolder(lockPath);
    const stillStale = stale ? sameHolder(current, stale) && !isHolderAlive(stale) : current === undefined;
    if (stillStale) unlinkSync(lockPath);
  } finally {
    unlinkSync(guard);
  }
}

/** The live holder of a state directory's lock, if any (for `santral sandbox status`). */
export function readLiveHolder(stateDir: string): LockHolder | undefined {
  const h = readHolder(join(stateDir, LOCK_FILE));
  return h && isHolderAlive(h) ? h : undefined;
}

export interface SandboxLock {
  holder: LockHolder;
  /** Remove the lock if it is still ours (idempotent). */
  release(): void;
}

export interface AcquireOptions {
  /** Wait this long for a live holder (default `SANTRAL_SANDBOX_WAIT_MS` or 5 s). */
  waitMs?: number;
  /** Told once, when this process starts waiting. */
  onWait?: (message: string) => void;
  command?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function waitMsFromEnv(): number {
  const v = Number(process.env['SANTRAL_SANDBOX_WAIT_MS']);
  return Number.isFinite(v) && v >= 0 ? v : DEFAULT_WAIT_MS;
}

/** Take the state directory's lock, waiting briefly for a live holder; a stale lock is taken over. */
export async function acquireSandboxLock(
  stateDir: string,
  options: AcquireOptions = {},
): Promise<SandboxLock> {
  mkdirSync(stateDir, { recursive: true });
  const lockPath = join(stateDir, LOCK_FILE);
  const waitMs = options.waitMs ?? waitMsFromEnv();
  const holder: LockHolder = {
    pid: process.pid,
    command: options.command ?? currentCommand(),
    since: new Date().toISOString(),
    host: hostname(),
  };
  const tmp = join(stateDir, `${LOCK_FILE}.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(holder, null, 2)}\n`);
  const started = Date.now();
  let told = false;
  try {
    for (;;) {
      try {
        linkSync(tmp, lockPath);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = readHolder(lockPath);
      // Unreadable (never half-written: it is linked whole) or dead: stale.
      if (!current || !isHolderAlive(current)) {
        takeOverStale(lockPath, current);
        continue;
      }
      const waited = Date.now() - started;
      if (waited >= waitMs) throw new SandboxInUseError(stateDir, current, waited);
      if (!told) {
        told = true;
        options.onWait?.(
          `sandbox: ${stateDir} is in use by ${describeHolder(current)}; waiting up to ${Math.round(waitMs / 1000)} s …`,
        );
      }
      await sleep(Math.min(POLL_MS, waitMs - waited));
    }
  } finally {
    unlinkSync(tmp);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (sameHolder(readHolder(lockPath), holder)) unlinkSync(lockPath);
    } catch {
      // already gone
    }
  };
  // A command that ends with process.exit still frees the sandbox; a kill -9 leaves a stale lock (taken over).
  process.on('exit', release);
  return { holder, release };
}
