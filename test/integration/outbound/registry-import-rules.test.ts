/**
 * The registry import rules through the service (importRegistryFile, commitStagedImports, the dnc-import
 * handler) on embedded S3: empty files, older full lists (audited rollback), shrinking full lists (audited
 * allow-shrink), restoring a file that is no longer in force, the original kept before the manifest switch.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import {
  commitStagedImports,
  FullListRefusal,
  type ImportRequest,
  importRegistryFile,
  RegistryImportError,
  RegistryReader,
  type StagedImport,
  sha256Hex,
} from '#shared/compliance/registry.ts';
import { bucketName } from '#shared/data/tables.ts';
import { bytes } from '../../fixtures/outbound/factories.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const AT = new Date('2025-06-20T12:00:00Z');
/** `n` numbers of area `npa`, starting at NXX-XXXX 555-0100. */
const numbers = (npa: number, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `${npa}${5_550_100 + from + i}`).join('\n') + '\n';

describe('registry import rules on embedded S3', () => {
  useEmbeddedAws();
  const s3 = () => createS3Client();
  const store = () => new S3RegistryStore(s3());
  const req = (source: string, versionDate: string, text: string, over: Partial<ImportRequest> = {}) => ({
    source,
    kind: 'full' as const,
    versionDate,
    fileName: `${versionDate}.txt`,
    chunks: bytes(text),
    now: AT,
    ...over,
  });
  const object = async (key: string) =>
    Buffer.from(
      await (
        await s3().send(new GetObjectCommand({ Bucket: bucketName('evidence'), Key: key }))
      ).Body!.transformToByteArray(),
    );

  it('refuses empty full and change lists (rule "empty"), writing nothing', async () => {
    const st = store();
    for (const kind of ['full', 'change'] as const) {
      const r = await importRegistryFile(st, req('state:CO', '2025-06-01', '\n\n', { kind }));
      expect(r).toMatchObject({
        status: 'rejected',
        rule: 'empty',
        lines: 2,
        errors: [{ line: 0, message: expect.stringMatching(/^no records \(2 lines, none with a number\)/) }],
      });
    }
    expect(await st.readManifest('state:CO')).toBeUndefined();
  });

  it('older full lists: refused area by area; rollback needs a reason; the audit is written with the import', async () => {
    const st = store();
    await importRegistryFile(st, req('state:MO', '2025-06-10', numbers(314, 5) + numbers(816, 5)));
    // 816 comes with an older date in a file of its own: refused, naming the area.
    const older = await importRegistryFile(st, req('state:MO', '2025-06-01', numbers(816, 5)));
    expect(older).toMatchObject({ status: 'rejected', rule: 'older' });
    if (older.status !== 'rejected') return;
    expect(older.errors[0]!.message).toBe(
      'area 1-816: version date 2025-06-01 is older than the copy in force (2025-06-10)',
    );
    // A new area with an old date is not a rollback of anything.
    expect((await importRegistryFile(st, req('state:MO', '2025-06-01', numbers(417, 2)))).status).toBe(
      'imported',
    );
    await expect(
      importRegistryFile(
        st,
        req('state:MO', '2025-06-01', numbers(816, 5), {
          override: { rollback: true, reason: ' ', by: 'a' },
        }),
      ),
    ).rejects.toBeInstanceOf(RegistryImportError);
    // --allow-shrink does not let an older list through.
    const wrongFlag = await importRegistryFile(
      st,
      req('state:MO', '2025-06-01', numbers(816, 5), {
        override: { allowShrink: true, reason: 'why', by: 'ops' },
      }),
    );
    expect(wrongFlag).toMatchObject({ status: 'rejected', rule: 'older' });
    const rolled = await importRegistryFile(
      st,
      req('state:MO', '2025-06-01', numbers(816, 5), {
        override: { rollback: true, reason: 'bad June file', by: 'ops@acme' },
      }),
    );
    expect(rolled.status).toBe('imported');
    if (rolled.status !== 'imported') return;
    expect(rolled.record.override).toMatchObject({
      by: 'ops@acme',
      reason: 'bad June file',
      rolledBack: [{ area: '1-816', from: '2025-06-10', to: '2025-06-01' }],
    });
    const audit = JSON.parse((await object(rolled.record.override!.auditKey)).toString('utf8'));
    expect(audit).toEqual({
      type: 'registryImportOverride',
      source: 'state:MO',
      at: AT.toISOString(),
      by: 'ops@acme',
      reason: 'bad June file',
      sha256: rolled.sha256,
      fileName: '2025-06-01.txt',
      kind: 'full',
      versionDate: '2025-06-01',
      manifestVersion: rolled.version,
      rolledBack: [{ area: '1-816', from: '2025-06-10', to: '2025-06-01' }],
      shrunk: [],
    });
    const manifest = (await st.readManifest('state:MO'))!;
    expect(manifest.areas['1-816']!.versionDate).toBe('2025-06-01');
    expect(manifest.areas['1-314']!.versionDate).toBe('2025-06-10');
    // A change list is compared with the copy in force (the newest area, 06-10), not with a rolled-back import.
    const change = await importRegistryFile(
      st,
      req('state:MO', '2025-06-05', '8165550100,D\n', { kind: 'change' }),
    );
    expect(change).toMatchObject({ status: 'rejected', rule: 'older' });
    if (change.status === 'rejected')
      expect(change.errors[0]!.message).toMatch(
        /older than the copy in force \(2025-06-10\): import the change lists published after 2025-06-10/,
      );
  });

  it('shrink: exactly the fraction is accepted, one number more is refused; the fraction is configurable', async () => {
    const st = store();
    await importRegistryFile(st, req('state:OK', '2025-06-01', numbers(405, 10)));
    const drop3 = await importRegistryFile(st, req('state:OK', '2025-06-02', numbers(405, 7)));
    expect(drop3).toMatchObject({ status: 'rejected', rule: 'shrink' });
    if (drop3.status === 'rejected')
      expect(drop3.errors[0]!.message).toBe(
        'area 1-405: 7 numbers instead of 10 in force (−30 %, more than the 20 % allowed by outbound.registryMaxShrinkFraction)',
      );
    expect((await importRegistryFile(st, req('state:OK', '2025-06-02', numbers(405, 8)))).status).toBe(
      'imported',
    );
    // 8 → 4 is −50 %: accepted with maxShrinkFraction 0.5, refused with 0.49.
    expect(
      (
        await importRegistryFile(
          st,
          req('state:OK', '2025-06-03', numbers(405, 4), { maxShrinkFraction: 0.49 }),
        )
      ).status,
    ).toBe('rejected');
    expect(
      (
        await importRegistryFile(
          st,
          req('state:OK', '2025-06-03', numbers(405, 4), { maxShrinkFraction: 0.5 }),
        )
      ).status,
    ).toBe('imported');
    const both = await importRegistryFile(
      st,
      req('state:OK', '2025-06-01', numbers(405, 1), {
        override: { rollback: true, allowShrink: true, reason: 'test list', by: 'qa' },
      }),
    );
    expect(both.status === 'imported' && both.record.override).toMatchObject({
      rolledBack: [{ area: '1-405', from: '2025-06-03', to: '2025-06-01' }],
      shrunk: [{ area: '1-405', from: 4, to: 1 }],
    });
  });

  it('restores a file that is no longer in force; the same numbers with a newer date refresh the date', async () => {
    const st = store();
    const a = numbers(512, 3);
    await importRegistryFile(st, req('state:TX', '2025-06-01', a));
    await importRegistryFile(st, req('state:TX', '2025-06-02', numbers(512, 3, 10)));
    const again = await importRegistryFile(st, req('state:TX', '2025-06-02', a));
    expect(again.status === 'imported' && again.record.restored).toBe(true);
    expect((await new RegistryReader(st).check('state:TX', '+15125550100')).status).toBe('listed');
    expect((await importRegistryFile(st, req('state:TX', '2025-06-02', a))).status).toBe('unchanged');
    // The same numbers in other bytes (CRLF) and the same date: already in force.
    expect(
      (await importRegistryFile(st, req('state:TX', '2025-06-02', a.replaceAll('\n', '\r\n')))).status,
    ).toBe('unchanged');
    // A new download identical to the last one still brings the copy up to its (newer) date.
    const fresh = await importRegistryFile(st, req('state:TX', '2025-06-09', a));
    expect(fresh.status).toBe('imported');
    expect((await st.readManifest('state:TX'))!.areas['1-512']!.versionDate).toBe('2025-06-09');
  });

  it('a staged full download is checked again at the commit (older and shrink), with the override audited there', async () => {
    const st = store();
    await importRegistryFile(st, req('state:PA', '2025-06-10', numbers(215, 10) + numbers(412, 10)));
    const stage = async (text: string) => {
      const r = await importRegistryFile(st, req('state:PA', '2025-06-01', text, { commit: false }));
      if (r.status !== 'staged') throw new Error(`expected staged, got ${r.status}`);
      return r.staged;
    };
    const staged: StagedImport[] = [await stage(numbers(215, 10)), await stage(numbers(412, 5))];
    const refused = await commitStagedImports(st, 'state:PA', staged, AT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(FullListRefusal);
    expect((refused as FullListRefusal).rule).toBe('older');
    expect((refused as FullListRefusal).messages).toContain(
      'area 1-412: version date 2025-06-01 is older than the copy in force (2025-06-10)',
    );
    expect((await st.readManifest('state:PA'))!.version).toBe(1);
    await expect(
      commitStagedImports(st, 'state:PA', staged, AT, {
        override: { rollback: true, reason: 'x', by: 'ops' },
      }),
    ).rejects.toThrow(/area 1-412: 5 numbers instead of 10 in force/);
    const m = await commitStagedImports(st, 'state:PA', staged, AT, {
      override: { rollback: true, allowShrink: true, reason: 'restore May', by: 'ops' },
    });
    expect(m.areas['1-412']).toMatchObject({ count: 5, versionDate: '2025-06-01' });
    const rec = m.imports.at(-1)!;
    expect(rec.override?.shrunk).toEqual([{ area: '1-412', from: 10, to: 5 }]);
    const audit = JSON.parse((await object(rec.override!.auditKey)).toString('utf8'));
    expect(audit).toMatchObject({ by: 'ops', reason: 'restore May', manifestVersion: m.version });
  });

  it('dnc-import handler: refusals say which rule; the original is copied before the manifest switch', async () => {
    process.env['POWERTOOLS_LOG_LEVEL'] = 'SILENT';
    const { handler } = await import('#functions/dnc-import/handler.ts');
    const put = async (key: string, text: string) =>
      s3().send(new PutObjectCommand({ Bucket: bucketName('imports'), Key: key, Body: text }));
    await put('registry-files/la-empty.txt', '');
    const event = (key: string, versionDate: string, more: object = {}) => ({
      action: 'import',
      bucket: bucketName('imports'),
      key,
      source: 'state:LA',
      versionDate,
      ...more,
    });
    expect(await handler(event('registry-files/la-empty.txt', '2025-06-01'))).toMatchObject({
      status: 'rejected',
      rule: 'empty',
    });
    const full = numbers(504, 10);
    await put('registry-files/la-1.txt', full);
    const first = await handler(event('registry-files/la-1.txt', '2025-06-01'));
    expect(first).toMatchObject({ status: 'imported' });
    const original = await object(`registry/state-LA/originals/${sha256Hex(Buffer.from(full))}`);
    expect(original.toString('utf8')).toBe(full);
    await put('registry-files/la-2.txt', numbers(504, 2));
    expect(await handler(event('registry-files/la-2.txt', '2025-06-02'))).toMatchObject({
      status: 'rejected',
      rule: 'shrink',
    });
    await expect(
      handler(event('registry-files/la-2.txt', '2025-06-02', { override: { allowShrink: true, by: 'ops' } })),
    ).rejects.toThrow(/reason/);
    expect(
      await handler(
        event('registry-files/la-2.txt', '2025-06-02', {
          override: { allowShrink: true, reason: 'registry purge', by: 'ops' },
        }),
      ),
    ).toMatchObject({ status: 'imported' });
    const m = (await store().readManifest('state:LA'))!;
    expect(m.imports.at(-1)!.override).toMatchObject({ by: 'ops', reason: 'registry purge' });

    // A full download with one empty area file: the commit switches nothing and names the file.
    await put('registry-downloads/la-225.txt', numbers(225, 3));
    await put('registry-downloads/la-318.txt', '');
    const staged = [];
    for (const key of ['registry-downloads/la-225.txt', 'registry-downloads/la-318.txt'])
      staged.push(await handler({ ...event(key, '2025-06-03'), action: 'stage' }));
    await expect(handler({ action: 'commit', source: 'state:LA', staged, override: null })).rejects.toThrow(
      '1 of 2 area file(s) of the state:LA download were rejected (registry-downloads/la-318.txt: empty): nothing was switched',
    );
    expect((await store().readManifest('state:LA'))!.version).toBe(m.version);
    expect(await handler({ action: 'commit', source: 'state:LA', staged: staged.slice(0, 1) })).toMatchObject(
      { status: 'committed', version: m.version + 1 },
    );
    // Re-run after the switch (a retried execution): the file is already in force, nothing switches again.
    const rerun = await handler({ ...event('registry-downloads/la-225.txt', '2025-06-03'), action: 'stage' });
    expect(rerun).toMatchObject({ status: 'unchanged' });
    expect(await handler({ action: 'commit', source: 'state:LA', staged: [rerun] })).toMatchObject({
      status: 'committed',
      version: m.version + 1,
    });
  });
});
