/**
 * `santral ctr ingest` behaves as the Lambda for callbacks: a connected CALLBACK contact in the JSONL clears
 * the pending callback in the sandbox; a not-connected one leaves it pending. Scratch sandbox (SANTRAL_STATE_DIR).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ctrCommands from '#infra/cli/commands/ctr.ts';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { openSandbox } from '#shared/interactions/sandbox-access.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';
import { runSantral } from '../../support/cli.ts';

describe('santral ctr ingest completes callbacks on a scratch sandbox', () => {
  const dir = mkdtempSync(join(tmpdir(), 'santral-cb-'));
  beforeAll(() => {
    process.env['SANTRAL_STATE_DIR'] = dir;
  });
  afterAll(() => {
    delete process.env['SANTRAL_STATE_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });
  /** Run `fn` with the sandbox's callback store (the sandbox is started and closed around it). */
  const withCallbacks = async <T>(fn: (s: DynamoCallbackStore) => Promise<T>): Promise<T> => {
    const sandbox = await openSandbox();
    try {
      return await fn(new DynamoCallbackStore(createDocumentClient(), tableName('interactions')));
    } finally {
      await sandbox.close();
    }
  };
  const request = (s: DynamoCallbackStore, e164: string, contactId: string, requestedAt: string) =>
    s.requestCallback({ e164, queueName: 'Support', contactId, requestedAt });

  it('a connected CALLBACK contact clears the pending callback; a not-connected one does not', async () => {
    await withCallbacks(async (s) => {
      expect(await request(s, '+12065550481', 'cli-req-1', '2026-11-20T09:59:00.000Z')).toBe('created');
      expect(await request(s, '+12065550482', 'cli-req-2', '2026-11-20T09:59:00.000Z')).toBe('created');
    });
    const file = join(dir, 'callbacks.jsonl');
    const lines = [
      inboundCtr({
        contactId: uuid(4801),
        method: 'CALLBACK',
        customer: '+12065550481',
        at: '2026-11-20T10:00:00Z',
        previousContactId: 'cli-req-1',
      }),
      inboundCtr({
        contactId: uuid(4802),
        method: 'CALLBACK',
        customer: '+12065550482',
        at: '2026-11-20T10:00:00Z',
        answered: false,
        previousContactId: 'cli-req-2',
      }),
    ];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const r = await runSantral([ctrCommands], ['ctr', 'ingest', file, '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ records: 2, applied: 2, invalid: 0 });
    await withCallbacks(async (s) => {
      expect(await request(s, '+12065550481', 'cli-req-3', '2026-11-20T11:00:00.000Z')).toBe('created');
      expect(await request(s, '+12065550482', 'cli-req-4', '2026-11-20T11:00:00.000Z')).toBe('duplicate');
    });
  });
});
