/**
 * `santral dnc import` refuses what would silently weaken the registry copy in force (issue 15): an empty file,
 * a full list older than the copy in force (unless `--rollback --reason`, audited), a full list that shrinks an
 * area beyond `outbound.registryMaxShrinkFraction` (unless `--allow-shrink --reason`, audited); a file imported
 * before that is no longer in force is imported again and restores it. On a scratch sandbox (SANTRAL_STATE_DIR,
 * its embedded S3/DynamoDB).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as dncCommands from '#infra/cli/commands/dnc.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { sha256Hex } from '#shared/compliance/registry.ts';
import { CONFIG_DIR } from '#shared/config/load.ts';
import { bucketName } from '#shared/data/tables.ts';
import { startSandbox } from '#shared/local/sandbox.ts';
import { runSantral } from '../../support/cli.ts';

const santral = (...args: string[]) => runSantral([dncCommands], args);

/** Ten numbers in area 206; `drop` leaves out the first ones. */
const list206 = (drop = 0, from = 0) =>
  Array.from({ length: 10 - drop }, (_, i) => `20655501${String(from + drop + i).padStart(2, '0')}`).join(
    '\n',
  ) + '\n';

describe('santral dnc import: the rules of a registry import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'santral-registry-cli-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const imp = (path: string, source: string, versionDate: string, ...more: string[]) =>
    santral('dnc', 'import', path, '--source', source, '--version-date', versionDate, ...more);
  const check = async (e164: string, at: string) =>
    JSON.parse((await santral('dnc', 'check', e164, '--json', '--at', at)).out) as {
      blocked: boolean;
      sources: string[];
      reasons: string[];
    };
  /** Read an object of the sandbox's evidence bucket (the CLI has closed the sandbox again). */
  const evidenceObject = async (key: string) => {
    const sandbox = await startSandbox({ stateDir: process.env['SANTRAL_STATE_DIR']! });
    try {
      const out = await createS3Client().send(
        new GetObjectCommand({ Bucket: bucketName('evidence'), Key: key }),
      );
      return Buffer.from(await out.Body!.transformToByteArray());
    } finally {
      await sandbox.close();
    }
  };

  beforeAll(() => {
    process.env['SANTRAL_STATE_DIR'] = join(dir, 'state');
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('an empty file (no bytes, or only blank lines) is refused with exit 1 and nothing is applied', async () => {
    for (const [name, text] of [
      ['empty.txt', ''],
      ['blank.txt', '\n\r\n  \n'],
    ] as const) {
      const r = await imp(file(name, text), 'state:TX', '2025-06-01');
      expect(r.exitCode).toBe(1);
      expect(r.err).toMatch(new RegExp(`${name}: rejected \\(empty file\\); nothing was applied`));
      expect(r.err).toMatch(
        /no records \(\d lines?, none with a number\): an empty registry file is never applied/,
      );
    }
    // Nothing was written: the first real import is version 1.
    const first = await imp(file('tx.txt', '2145550100\n'), 'state:TX', '2025-06-01');
    expect(first.exitCode).toBeUndefined();
    expect(first.out).toMatch(/imported into state:TX v1/);
  });

  it('an older full list is refused; --rollback needs --reason; with it the rollback is audited (who/when/why)', async () => {
    const june = file('june.txt', list206());
    expect((await imp(june, 'federal', '2025-06-01')).out).toMatch(/imported into federal v1 — 10 additions/);
    // May's list lacks 2065550100 and 2065550101 (8 of 10: inside the 20 % shrink limit).
    const may = file('may.txt', list206(2));
    const refused = await imp(may, 'federal', '2025-05-01');
    expect(refused.exitCode).toBe(1);
    expect(refused.err).toMatch(/may\.txt: rejected \(older than the copy in force\); nothing was applied/);
    expect(refused.err).toMatch(
      /may\.txt: area 1-206: version date 2025-05-01 is older than the copy in force \(2025-06-01\)/,
    );
    expect(refused.err).toMatch(/pass --rollback --reason "<why>" to roll back on purpose \(audited\)/);
    expect((await check('+12065550100', '2025-06-10T18:00:00Z')).sources).toEqual(['federal']);

    await expect(imp(may, 'federal', '2025-05-01', '--rollback')).rejects.toThrow(
      '--rollback needs --reason "<why>" (who, when and why are audited)',
    );
    await expect(imp(may, 'federal', '2025-05-01', '--reason', 'x')).rejects.toThrow(
      '--reason and --by go with --rollback or --allow-shrink',
    );

    const rolled = await imp(
      may,
      'federal',
      '2025-05-01',
      '--rollback',
      '--reason',
      'June download was for the wrong account',
      '--by',
      'ops@acme',
    );
    expect(rolled.exitCode).toBeUndefined();
    expect(rolled.out).toMatch(/may\.txt: imported into federal v2 — 8 additions/);
    expect(rolled.out).toMatch(/rolled back 1-206: 2025-06-01 → 2025-05-01/);
    const auditKey = /audited: by ops@acme, reason "June download was for the wrong account" \((.+)\)/.exec(
      rolled.out,
    )?.[1];
    expect(auditKey).toMatch(/^registry\/federal\/audit\/.+\.json$/);
    const audit = JSON.parse((await evidenceObject(auditKey!)).toString('utf8'));
    expect(audit).toMatchObject({
      type: 'registryImportOverride',
      source: 'federal',
      by: 'ops@acme',
      reason: 'June download was for the wrong account',
      fileName: 'may.txt',
      versionDate: '2025-05-01',
      manifestVersion: 2,
      rolledBack: [{ area: '1-206', from: '2025-06-01', to: '2025-05-01' }],
      shrunk: [],
    });
    expect(Date.now() - Date.parse(audit.at)).toBeLessThan(120_000);
    // The rolled-back copy is in force: May's list does not have 2065550100.
    expect((await check('+12065550100', '2025-05-20T18:00:00Z')).blocked).toBe(false);
    expect((await check('+12065550102', '2025-05-20T18:00:00Z')).sources).toEqual(['federal']);
  });

  it('re-importing a file that is no longer the copy in force restores it (it used to be refused as "already imported")', async () => {
    const june = join(dir, 'june.txt');
    const again = await imp(june, 'federal', '2025-06-01');
    expect(again.exitCode).toBeUndefined();
    expect(again.out).toMatch(/june\.txt: imported again \(restored as the copy in force\) into federal v3/);
    expect((await check('+12065550100', '2025-06-10T18:00:00Z')).sources).toEqual(['federal']);
    // Now it is in force: a third import is the no-op it always was.
    const third = await imp(june, 'federal', '2025-06-01', '--json');
    expect(JSON.parse(third.out)).toMatchObject({ status: 'unchanged' });
    // Its original is kept byte for byte under its SHA-256.
    const bytes = readFileSync(june);
    expect(sha256Hex(await evidenceObject(`registry/federal/originals/${sha256Hex(bytes)}`))).toBe(
      sha256Hex(bytes),
    );
  });

  it('a full list that shrinks an area by more than 20 % is refused unless --allow-shrink --reason (audited)', async () => {
    // 7 of the 10 numbers in force: −30 %.
    const truncated = file('truncated.txt', list206(3));
    const refused = await imp(truncated, 'federal', '2025-06-05');
    expect(refused.exitCode).toBe(1);
    expect(refused.err).toMatch(/truncated\.txt: rejected \(shrinks an area beyond the limit\)/);
    expect(refused.err).toMatch(
      /area 1-206: 7 numbers instead of 10 in force \(−30 %, more than the 20 % allowed by outbound\.registryMaxShrinkFraction\)/,
    );
    expect(refused.err).toMatch(/check the file, or pass --allow-shrink --reason "<why>"/);
    expect((await check('+12065550100', '2025-06-10T18:00:00Z')).sources).toEqual(['federal']);

    const allowed = JSON.parse(
      (
        await imp(
          truncated,
          'federal',
          '2025-06-05',
          '--allow-shrink',
          '--reason',
          'FTC purge of disconnected numbers',
          '--by',
          'ops@acme',
          '--json',
        )
      ).out,
    );
    expect(allowed).toMatchObject({
      status: 'imported',
      version: 4,
      override: {
        by: 'ops@acme',
        reason: 'FTC purge of disconnected numbers',
        rolledBack: [],
        shrunk: [{ area: '1-206', from: 10, to: 7 }],
      },
    });
    const audit = JSON.parse((await evidenceObject(allowed.override.auditKey)).toString('utf8'));
    expect(audit).toMatchObject({ by: 'ops@acme', shrunk: [{ area: '1-206', from: 10, to: 7 }] });
    expect((await check('+12065550100', '2025-06-10T18:00:00Z')).blocked).toBe(false);
  });

  it('outbound.registryMaxShrinkFraction from the config sets the limit', async () => {
    const loose = join(mkdtempSync(join(tmpdir(), 'santral-shrink-')), 'center.yaml');
    writeFileSync(
      loose,
      readFileSync(join(CONFIG_DIR, 'dev.yaml'), 'utf8').replace(
        'registryMaxShrinkFraction: 0.2',
        'registryMaxShrinkFraction: 0.5',
      ),
    );
    // 4 of the 7 in force (−43 %): refused at 0.2, accepted at 0.5.
    const half = file('half.txt', list206(6));
    expect((await imp(half, 'federal', '2025-06-06')).exitCode).toBe(1);
    const r = await santral(
      '--config',
      loose,
      'dnc',
      'import',
      half,
      '--source',
      'federal',
      '--version-date',
      '2025-06-06',
    );
    expect(r.exitCode).toBeUndefined();
    expect(r.out).toMatch(/half\.txt: imported into federal v5 — 4 additions/);
  });
});
