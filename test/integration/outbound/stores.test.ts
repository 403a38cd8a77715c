/** The S3 registry store, the İYS consent mirror and the dnc-import handler on embedded S3/DynamoDB. */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoConsentStore } from '#shared/adapters/dynamo/consent-store.ts';
import { DynamoEvidenceStore } from '#shared/adapters/dynamo/evidence-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { parseIysExport } from '#shared/compliance/consent.ts';
import { evaluateGate } from '#shared/compliance/gate.ts';
import { importRegistryFile, RegistryIntegrityError, RegistryReader } from '#shared/compliance/registry.ts';
import { bucketName, evidenceRetentionDays, tableName } from '#shared/data/tables.ts';
import type { DialEvidence } from '#shared/outbound/campaign.ts';
import { bytes, MemoryInternalList, outboundSettings } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

describe('outbound stores on embedded AWS', () => {
  useEmbeddedAws();

  it('S3 registry store: versioned bitsets + manifest; a tampered bitset fails closed', async () => {
    const s3 = createS3Client();
    const store = new S3RegistryStore(s3);
    const r = await importRegistryFile(store, {
      source: 'state:TX',
      kind: 'full',
      versionDate: '2025-06-01',
      fileName: 'tx.txt',
      chunks: bytes('2145550100\n'),
    });
    expect(r.status).toBe('imported');
    if (r.status !== 'imported') return;
    const entry = r.manifest.areas['1-214']!;
    expect(entry.key).toBe('registry/state-TX/v1/1-214.bits.gz');
    expect(entry.count).toBe(1);
    const manifest = await s3.send(
      new GetObjectCommand({ Bucket: bucketName('evidence'), Key: 'registry/state-TX/manifest.json' }),
    );
    expect(JSON.parse(await manifest.Body!.transformToString()).imports[0].sha256).toBe(r.sha256);
    expect((await new RegistryReader(store).check('state:TX', '+12145550100')).status).toBe('listed');

    // Someone overwrites the bitset: the reader refuses it, and the gate does not dial.
    await store.writeArea('state:TX', 1, '1-214', new Uint8Array(1_250_000));
    const reader = new RegistryReader(store);
    await expect(reader.check('state:TX', '+12145550100')).rejects.toBeInstanceOf(RegistryIntegrityError);
    await importRegistryFile(store, {
      source: 'federal',
      kind: 'full',
      versionDate: '2025-06-01',
      fileName: 'f',
      chunks: bytes('2145550199\n'),
    });
    const v = await evaluateGate(
      {
        internalList: new MemoryInternalList(),
        registry: reader,
        consent: new DynamoConsentStore(createDocumentClient()),
        settings: outboundSettings(),
      },
      {},
      { e164: '+12145550100', country: 'US' },
      new Date('2025-06-10T18:00:00Z'),
    );
    expect([v.category, v.reason]).toEqual(['dnc', 'storeUnavailable:state:TX']);
  });

  it('İYS mirror: parses an export, keeps the newest consent per number, reports bad rows by line', async () => {
    const csv =
      'recipient,type,recipientType,status,consentDate,source\n' +
      '+905321234567,ARAMA,BIREYSEL,ONAY,2025-01-10 12:00:00,HS_WEB\n' +
      '05321234567,ARAMA,BIREYSEL,RET,2025-03-01 09:00:00,HS_CAGRI_MERKEZI\n' +
      '+905321234568,FAKS,BIREYSEL,ONAY,2025-01-10 12:00:00,X\n';
    const parsed = await parseIysExport(bytes(csv));
    expect(parsed.errors).toEqual([{ line: 4, message: 'type: expected ARAMA, MESAJ or EPOSTA' }]);
    const store = new DynamoConsentStore(createDocumentClient());
    await store.putAll(parsed.records);
    // Replaying the older ONAY later must not undo the RET.
    await store.putAll([parsed.records[0]!]);
    expect(await store.get('+905321234567', 'ARAMA')).toMatchObject({
      status: 'RET',
      recipientType: 'BIREYSEL',
    });
  });

  it('dnc-import handler: stage per area file, then one commit switches the manifest; originals kept', async () => {
    const s3 = createS3Client();
    const imports = bucketName('imports');
    for (const [npa, body] of [
      ['206', '2065550100\n2065550101\n'],
      ['212', '2125550100\n'],
    ] as const)
      await s3.send(
        new PutObjectCommand({ Bucket: imports, Key: `registry-downloads/${npa}.txt`, Body: body }),
      );
    process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
    const { handler } = await import('#functions/dnc-import/handler.ts');
    const staged = [];
    for (const key of ['registry-downloads/206.txt', 'registry-downloads/212.txt'])
      staged.push(
        await handler({
          action: 'stage',
          bucket: imports,
          key,
          source: 'tps',
          versionDate: '2025-06-01',
        }).catch((e: Error) => e),
      );
    // tps expects UK numbers: both files are rejected with line numbers, nothing is staged.
    expect(staged.every((s) => !(s instanceof Error) && 'status' in s && s.status === 'rejected')).toBe(true);
    const good = [];
    for (const key of ['registry-downloads/206.txt', 'registry-downloads/212.txt'])
      good.push(
        await handler({
          action: 'stage',
          bucket: imports,
          key,
          source: 'federal',
          versionDate: '2025-06-03',
        }),
      );
    const store = new S3RegistryStore(s3);
    const before = await store.readManifest('federal');
    const committed = await handler({ action: 'commit', source: 'federal', staged: good });
    expect(committed).toMatchObject({ status: 'committed' });
    const after = await store.readManifest('federal');
    expect(after!.version).toBe((before?.version ?? 0) + 1);
    expect(after!.areas['1-206']).toMatchObject({ count: 2, versionDate: '2025-06-03' });
    expect(after!.areas['1-212']).toMatchObject({ count: 1, versionDate: '2025-06-03' });
    const sha = after!.imports.at(-1)!.sha256;
    const original = await s3.send(
      new GetObjectCommand({ Bucket: bucketName('evidence'), Key: `registry/federal/originals/${sha}` }),
    );
    expect(['2065550100\n2065550101\n', '2125550100\n']).toContain(await original.Body!.transformToString());
  });

  it('evidence items carry their TTL: decision time + evidenceYears × 365 + margin (read back without it)', async () => {
    const doc = createDocumentClient();
    const store = new DynamoEvidenceStore(doc, tableName('evidence'), undefined, evidenceRetentionDays(6));
    const e164 = '+12065550142';
    const at = '2026-11-10T09:00:00.000Z';
    await store.record({
      id: 'ttl-1',
      campaign: 'ttl',
      e164,
      decision: 'dial',
      reason: 'accepted',
      at,
      gate: { number: e164 } as DialEvidence['gate'],
    });
    const item = await doc.send(
      new GetCommand({ TableName: tableName('evidence'), Key: { pk: 'EVIDENCE#ttl', sk: `${at}#ttl-1` } }),
    );
    expect(item.Item?.['expiresAt']).toBe(Date.parse(at) / 1000 + (6 * 365 + 30) * 86_400);
    expect((await store.forCampaign('ttl'))[0]).not.toHaveProperty('expiresAt');
  });

  it('dnc-import handler refuses a key outside the registry prefixes (its role may read no other)', async () => {
    process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
    const { handler } = await import('#functions/dnc-import/handler.ts');
    await expect(
      handler({
        action: 'import',
        bucket: bucketName('imports'),
        key: 'campaigns/spring/list.csv',
        source: 'federal',
        versionDate: '2025-06-03',
      }),
    ).rejects.toThrow(/expected a key under registry-downloads\/ or registry-files\//);
  });
});
