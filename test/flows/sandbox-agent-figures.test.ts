/**
 * End to end in the sandbox, each command its own process as on a laptop: `npm start`'s demo call (sandbox
 * start, no workspace) streams its contact record and the answering agent's events into the sandbox, so
 * `santral kpi report --by agent` shows that agent's occupancy, utilisation and AHT for the demo day.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { demoCallTime } from '#infra/cli/commands/sandbox.ts';
import { loadStageConfig, REPO_ROOT } from '#shared/config/load.ts';
import { localTime } from '#shared/domain/hours.ts';

const run = promisify(execFile);
const stateDir = mkdtempSync(join(tmpdir(), 'santral-agent-figures-'));
const env = { ...process.env, SANTRAL_STATE_DIR: stateDir, NODE_NO_WARNINGS: '1' };
const santral = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'infra/cli/main.ts', ...args], {
    cwd: REPO_ROOT,
    env,
    timeout: 120_000,
  });

afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe('sandbox: the demo call gives the agent figures', () => {
  it('npm start (sandbox start) → kpi report --by agent shows the demo call’s agent', async () => {
    const config = loadStageConfig('dev');
    // The demo call: the next weekday 11:00 New York time, after the seeded month of history.
    const day = localTime(demoCallTime(config), config.hours[0]!.timeZone).date;
    const start = await santral('sandbox', 'start', '--no-serve', '--no-interactive');
    expect(start.stdout).toMatch(/john \(John\) answers/);
    const { stdout } = await santral(
      'kpi',
      'report',
      '--by',
      'agent',
      '--from',
      `${day}T00:00`,
      '--to',
      `${day}T23:59`,
      '--json',
    );
    const report = JSON.parse(stdout) as {
      rows: Array<{ key: string; agent?: Record<string, unknown> & { time: Record<string, number> } }>;
    };
    const john = report.rows.find((r) => r.key === 'john');
    // 180 s conversation (the simulator's default) + 120 s ACW (john's afterContactWorkSeconds).
    expect(john?.agent).toMatchObject({
      contactsHandled: 1,
      aht: 300,
      time: { onContact: 180, afterContactWork: 120 },
    });
    expect(john?.agent?.['occupancy']).toEqual(expect.any(Number));
    expect(john?.agent?.['utilisation']).toEqual(john?.agent?.['occupancy']);
    expect(john!.agent!.time['online']).toBeGreaterThan(300);
    // Nobody else took a call that day.
    expect(report.rows.filter((r) => r.key !== 'john' && (r.agent?.time['online'] ?? 0) > 0)).toEqual([]);
  }, 240_000);
});
