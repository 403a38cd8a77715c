import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as eraseCommands from '#infra/cli/commands/erase.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { bucketName } from '#shared/data/tables.ts';
import { buildFailureObject, parseFailureObject } from '#shared/interactions/replay.ts';
import { openSandbox } from '#shared/interactions/sandbox-access.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { runSantral } from '../../support/cli.ts';

const PERSON = '+12065550163';
const BYSTANDER = '+12065550197';
const PREFIX = 'aws/lambda/0b1c2d3e-1111-4222-8333-444455556666/shardId-000000000000/2026/11/20';

const santral = async (...args: string[]): Promise<string> => (await runSantral([eraseCommands], args)).out;

/** Open the scratch sandbox (its emulators), run `fn` against its ctr-failures bucket, close it. */
async function inSandbox<T>(fn: (s3: ReturnType<typeof createS3Client>, bucket: string) => Promise<T>) {
  const sandbox = await openSandbox();
  try {
    return await fn(createS3Client(), bucketName('ctr-failures'));
  } finally {
    await sandbox.close();
  }
}

describe('santral erase on a scratch sandbox reaches the ctr-failures bucket', () => {
  const dir = mkdtempSync(join(tmpdir(), 'santral-erase-cli-'));
  beforeAll(async () => {
    process.env['SANTRAL_STATE_DIR'] = dir;
    await inSandbox(async (s3, bucket) => {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${PREFIX}/mixed`,
          Body: buildFailureObject([
            JSON.stringify(inboundCtr({ contactId: uuid(0x8201), customer: PERSON })),
            JSON.stringify(inboundCtr({ contactId: uuid(0x8202), customer: BYSTANDER })),
          ]),
        }),
      );
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${PREFIX}/unreadable`,
          Body: buildFailureObject(['not a CTR']),
        }),
      );
    });
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('dry run counts, prints what it could not check, and changes nothing', async () => {
    const text = await santral('erase', '--phone', PERSON, '--dry-run');
    expect(text).toMatch(/failed CTR batches \(ctr-failures bucket\): 1 records in 1 objects/);
    expect(text).toContain(`could not check (unreadable, kept — 1 records): ${PREFIX}/unreadable`);
    expect(text).not.toContain('5550163');
    const json = JSON.parse(await santral('erase', '--phone', PERSON, '--dry-run', '--json'));
    expect(json.counts).toMatchObject({
      ctrFailureRecords: 1,
      ctrFailureObjects: 1,
      ctrFailureUnreadable: 1,
    });
    const records = await inSandbox(async (s3, bucket) => {
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${PREFIX}/mixed` }))
      ).Body?.transformToString();
      return parseFailureObject(body ?? '').records.length;
    });
    expect(records).toBe(2);
  });

  it('erases the person’s record from the object, keeps the bystander’s; a re-run finds nothing', async () => {
    const done = JSON.parse(await santral('erase', '--phone', PERSON, '--as', 'dpo', '--json'));
    expect(done.counts).toMatchObject({ ctrFailureRecords: 1, ctrFailureObjects: 1 });
    const left = await inSandbox(async (s3, bucket) => {
      const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map(
        (o) => o.Key,
      );
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${PREFIX}/mixed` }))
      ).Body?.transformToString();
      return { keys, texts: parseFailureObject(body ?? '').records.map((r) => r.text) };
    });
    expect(left.keys.sort()).toEqual([`${PREFIX}/mixed`, `${PREFIX}/unreadable`]);
    expect(left.texts).toHaveLength(1);
    expect(left.texts[0]).toContain(BYSTANDER);
    const again = JSON.parse(await santral('erase', '--phone', PERSON, '--json'));
    expect(again.counts).toMatchObject({ ctrFailureRecords: 0, ctrFailureObjects: 0 });
  });
});
