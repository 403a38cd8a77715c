/** `santral dnc …` and `santral campaign …` end to end on a scratch sandbox (SANTRAL_STATE_DIR). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as campaignCommands from '#infra/cli/commands/campaign.ts';
import * as dncCommands from '#infra/cli/commands/dnc.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { bucketName } from '#shared/data/tables.ts';
import { startSandbox } from '#shared/local/sandbox.ts';
import { runSantral } from '../../support/cli.ts';

const santral = (...args: string[]) => runSantral([dncCommands, campaignCommands], args);

describe('santral dnc / campaign on a scratch sandbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'santral-outbound-cli-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(() => {
    process.env['SANTRAL_STATE_DIR'] = join(dir, 'state');
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('dnc import: imports once, re-import is a no-op, a malformed file is rejected with its line (exit 1)', async () => {
    const registry = file('federal.txt', '\uFEFF2065550100\r\n212,5550100\n');
    const first = await santral(
      'dnc',
      'import',
      registry,
      '--source',
      'federal',
      '--version-date',
      '2025-06-01',
    );
    expect(first.out).toMatch(/imported into federal v1 — 2 additions/);
    const again = await santral(
      'dnc',
      'import',
      registry,
      '--source',
      'federal',
      '--version-date',
      '2025-06-01',
    );
    expect(again.out).toMatch(/already imported/);
    const bad = file('bad.txt', '2065550101\n20655501\n');
    const rejected = await santral(
      'dnc',
      'import',
      bad,
      '--source',
      'federal',
      '--version-date',
      '2025-06-02',
    );
    expect(rejected.exitCode).toBe(1);
    expect(rejected.err).toMatch(/bad\.txt:2: expected a 10-digit number/);
  });

  it('dnc check --json: {"blocked","sources","registryVersion"}; dnc add blocks at once', async () => {
    const listed = JSON.parse(
      (await santral('dnc', 'check', '+12065550100', '--json', '--at', '2025-06-10T19:00:00Z')).out,
    );
    expect(listed).toMatchObject({ blocked: true, sources: ['federal'], registryVersion: '2025-06-01' });
    const clean = JSON.parse(
      (await santral('dnc', 'check', '+12065550111', '--json', '--at', '2025-06-10T19:00:00Z')).out,
    );
    expect(clean).toMatchObject({ blocked: false, sources: [] });
    await santral('dnc', 'add', '+12065550111', '--reason', 'asked by e-mail');
    const added = JSON.parse(
      (await santral('dnc', 'check', '+12065550111', '--json', '--at', '2025-06-10T19:00:00Z')).out,
    );
    expect(added).toMatchObject({ blocked: true, sources: ['internal'] });
    const stale = JSON.parse(
      (await santral('dnc', 'check', '+12065550122', '--json', '--at', '2025-07-10T19:00:00Z')).out,
    );
    expect(stale).toMatchObject({ blocked: true, reasons: ['registryStale'] });
  });

  it('campaign preview --json has the issue’s shape; create + run --sim dials through outbound-whisper', async () => {
    const list = file(
      'list.csv',
      'phone,name\n+12065550100,Ann\n+12065550133,Bob Ray\n+12065550133,Dup\nnope,X\n',
    );
    const preview = JSON.parse(
      (await santral('campaign', 'preview', list, '--at', '2025-06-10T19:00:00Z', '--json')).out,
    );
    expect(Object.keys(preview)).toEqual([
      'total',
      'accepted',
      'rejected',
      'reasons',
      'samples',
      'lines',
      'blankLines',
      'attributes',
    ]);
    expect(preview.rejected).toEqual({ invalid: 1, duplicate: 1, dnc: 1, noConsent: 0, outsideWindow: 0 });
    const created = JSON.parse(
      (
        await santral(
          'campaign',
          'create',
          'spring',
          '--list',
          list,
          '--caller-id',
          '+12065550900',
          '--at',
          '2025-06-10T19:00:00Z',
          '--json',
        )
      ).out,
    );
    expect(created.queued).toBe(1);
    const run = await santral(
      'campaign',
      'run',
      'spring',
      '--sim',
      '--from',
      '2025-06-10T19:00:00Z',
      '--until',
      '2025-06-10T21:00:00Z',
      '--amd',
      'HUMAN_ANSWERED=1',
    );
    expect(run.out).toMatch(/dial \+1206\*\*\*0133 attempt 1 .*HUMAN_ANSWERED \| whisper: .*spring.*Bob/);
    const summary = JSON.parse(run.out.slice(run.out.indexOf('{')));
    expect(summary).toMatchObject({ calls: 1, stop: 'completed', targets: { done: 1 } });
  });

  it('campaign preview names the columns that will not be sent to Connect, with their row counts', async () => {
    const list = file(
      'attrs.csv',
      'phone,name,email,notes,language\n+12065550171,Ann Lee,ann@example.com,VIP since 2019,en\n+12065550172,Bob,bob@example.com,,tr\n+12065550100,Listed,l@example.com,x,en\n',
    );
    const preview = JSON.parse(
      (await santral('campaign', 'preview', list, '--at', '2025-06-10T19:00:00Z', '--json')).out,
    );
    // Counted over the rows that would be queued (the listed number is not).
    expect(preview.attributes).toEqual({
      allowed: ['firstName', 'language'],
      sent: { firstName: 2, language: 2 },
      notSent: { email: 2, notes: 1 },
    });
    const table = (await santral('campaign', 'preview', list, '--at', '2025-06-10T19:00:00Z')).out;
    expect(table).toMatch(
      /NOT sent \(not in outbound\.contactAttributes; not stored with the targets\):\n {2}email +2 rows\n {2}notes +1 rows/,
    );
  });

  it('campaign preview reads a list from the sandbox S3 (s3://bucket/key) like the ingest Lambda', async () => {
    const sandbox = await startSandbox({ stateDir: process.env['SANTRAL_STATE_DIR']! });
    try {
      await createS3Client().send(
        new PutObjectCommand({
          Bucket: bucketName('imports'),
          Key: 'campaigns/x/list.csv',
          Body: 'phone\n+12065550144\n',
        }),
      );
    } finally {
      await sandbox.close();
    }
    const r = await santral(
      'campaign',
      'preview',
      `s3://${bucketName('imports')}/campaigns/x/list.csv`,
      '--at',
      '2025-06-10T19:00:00Z',
      '--json',
    );
    expect(JSON.parse(r.out)).toMatchObject({ total: 1, accepted: 1 });
    await expect(santral('campaign', 'preview', `s3://${bucketName('imports')}/missing.csv`)).rejects.toThrow(
      /cannot read \(NoSuchKey\)/,
    );
  });
});
