import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ctrCommands from '#infra/cli/commands/ctr.ts';
import { buildFailureObject } from '#shared/interactions/replay.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { runSantral } from '../../support/cli.ts';

/** Run `santral ctr …` on a scratch sandbox; returns what it printed and the exit code. */
const santral = (...args: string[]) => runSantral([ctrCommands], args);

describe('santral ctr replay --from <local copy of the failure bucket>', () => {
  const state = mkdtempSync(join(tmpdir(), 'santral-replay-state-'));
  const copy = mkdtempSync(join(tmpdir(), 'santral-replay-objects-'));
  const shardDir = join(copy, 'aws/lambda/0b1c2d3e/shardId-000000000000/2026/11/20');
  const good = join(shardDir, '2026-11-20T16.00.06-good');
  const bad = join(shardDir, '2026-11-20T16.05.00-bad');
  beforeAll(() => {
    process.env['SANTRAL_STATE_DIR'] = state;
    mkdirSync(shardDir, { recursive: true });
    writeFileSync(
      good,
      buildFailureObject([
        JSON.stringify(inboundCtr({ contactId: uuid(0x7401), at: '2026-11-20T16:00:00Z' })),
      ]),
    );
    writeFileSync(
      bad,
      buildFailureObject([
        JSON.stringify({ ...inboundCtr({ contactId: uuid(0x7402) }), InitiationTimestamp: 'yesterday' }),
      ]),
    );
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(state, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  });

  it('dry run: reports both objects, writes and moves nothing (exit 1: one would still fail)', async () => {
    const r = await santral('ctr', 'replay', '--from', copy, '--dry-run', '--json');
    const summary = JSON.parse(r.out);
    expect(summary).toMatchObject({ dryRun: true, objects: 2, replayed: 1, failing: 1 });
    expect(existsSync(good)).toBe(true);
    expect(r.exitCode).toBe(1);
  });

  it('replays the good object into replayed/, keeps the bad one with its ContactId; a re-run only sees the bad one', async () => {
    const r = await santral('ctr', 'replay', '--from', copy);
    expect(r.out).toContain(`replayed ${good} (1 records: 1 applied`);
    expect(r.out).toMatch(new RegExp(`still failing ${bad} \\[RetryAttemptsExhausted\\]`));
    expect(r.out).toContain(`(ContactId ${uuid(0x7402)}): InvalidCtrError: InitiationTimestamp`);
    expect(r.exitCode).toBe(1);
    expect(existsSync(good)).toBe(false);
    expect(
      existsSync(
        join(
          copy,
          'replayed',
          'aws/lambda/0b1c2d3e/shardId-000000000000/2026/11/20/2026-11-20T16.00.06-good',
        ),
      ),
    ).toBe(true);

    const again = JSON.parse((await santral('ctr', 'replay', '--from', copy, '--json')).out);
    expect(again).toMatchObject({ objects: 1, replayed: 0, failing: 1 });
    expect(again.reports[0].object).toBe(bad);
  });

  it('rejects a source that does not exist with what was expected', async () => {
    await expect(santral('ctr', 'replay', '--from', join(copy, 'nope'))).rejects.toThrow(
      /--from .*nope: not found \(expected s3:\/\/bucket\/prefix, a directory or a file/,
    );
  });
});
