/**
 * How the interactions CLI commands reach the local sandbox: through the simulator area's
 * `startSandbox()` (shared/local/sandbox.ts: emulators on .santral/, seeded demo data) when it is there,
 * else the embedded emulators on the same state directory. `SANTRAL_STATE_DIR` points both elsewhere
 * (a scratch sandbox for trying commands without touching .santral/).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../config/load.ts';
import { startEmbeddedAws } from '../local/embedded.ts';

export async function openSandbox(): Promise<{ close(): Promise<void> }> {
  const stateDir = process.env['SANTRAL_STATE_DIR'] ?? join(REPO_ROOT, '.santral');
  const file = join(REPO_ROOT, 'shared/local/sandbox.ts');
  if (existsSync(file)) {
    const mod = (await import(pathToFileURL(file).href)) as {
      startSandbox?: (options: { stateDir: string }) => Promise<{ close(): Promise<void> }>;
    };
    if (typeof mod.startSandbox === 'function') return mod.startSandbox({ stateDir });
  }
  return startEmbeddedAws({ stateDir });
}

/** Who is asking (audited): `--as`, else the OS user. */
export function requester(explicit?: string): string {
  return explicit ?? process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown';
}
