import { describe, expect, it } from 'vitest';
import {
  type CtrFailureStore,
  decideFailureObject,
  eraseCtrFailures,
  type FailureObjectEntry,
  type FailureObjectVersion,
} from '#shared/interactions/erasure-failures.ts';
import { buildFailureObject, parseFailureObject } from '#shared/interactions/replay.ts';
import { inboundCtr, uuid } from '../../fixtures/ctr/factory.ts';

const PERSON = ['+12065550152', '+12065550153'];
const ctr = (n: number, customer: string) => JSON.stringify(inboundCtr({ contactId: uuid(n), customer }));

describe('decideFailureObject', () => {
  it('keeps an object without the person’s records as it is', () => {
    const d = decideFailureObject(buildFailureObject([ctr(1, '+12065550199')]), PERSON);
    expect(d).toEqual({ action: 'keep', records: 1, matched: 0, unreadable: 0 });
  });

  it('rewrites a mixed object: same shape, the other records in order, batch size follows', () => {
    const text = buildFailureObject([ctr(1, '+12065550199'), ctr(2, PERSON[1]!), ctr(3, '+12065550198')]);
    const d = decideFailureObject(text, PERSON);
    expect(d).toMatchObject({ action: 'rewrite', records: 3, matched: 1 });
    const before = parseFailureObject(text);
    const after = parseFailureObject(d.rewritten!);
    expect(after.records).toEqual([before.records[0], before.records[2]]);
    expect(after.batch).toMatchObject({ ...before.batch, batchSize: 2 });
    expect(after.condition).toBe(before.condition);
    expect(d.rewritten).not.toContain(Buffer.from(ctr(2, PERSON[1]!)).toString('base64'));
  });

  it('deletes an object that holds only the person’s records; matches a non-E.164 address by its E.164 form', () => {
    const local = JSON.stringify({
      ...inboundCtr({ contactId: uuid(4) }),
      CustomerEndpoint: { Address: '(206) 555-0152', Type: 'TELEPHONE_NUMBER' },
    });
    expect(decideFailureObject(buildFailureObject([ctr(5, PERSON[0]!), local]), PERSON)).toEqual({
      action: 'delete',
      records: 2,
      matched: 2,
      unreadable: 0,
    });
  });

  it('keeps and counts a record it cannot check; removes one that is not JSON but shows the number', () => {
    const d = decideFailureObject(
      buildFailureObject(['garbage', `truncated {"Address":"${PERSON[0]}"`, ctr(6, '+12065550199')]),
      PERSON,
    );
    expect(d).toMatchObject({ action: 'rewrite', records: 3, matched: 1, unreadable: 1 });
    expect(parseFailureObject(d.rewritten!).records.map((r) => r.text)[0]).toBe('garbage');
  });

  it('keeps an object that is not a failure object and says so', () => {
    expect(decideFailureObject('{"KinesisBatchInfo":{}}', PERSON)).toMatchObject({
      action: 'keep',
      unreadableObject: true,
    });
    expect(decideFailureObject('not json', PERSON)).toMatchObject({ action: 'keep', unreadableObject: true });
  });
});

/**
 * A versioned bucket in memory (s3rver has no versioning API, so the versioned path of the domain is
 * exercised here): every put adds a version, a plain delete adds a delete marker, a delete by version id
 * removes that version.
 */
class VersionedBucket implements CtrFailureStore {
  private seq = 0;
  readonly data = new Map<string, { id: string; body?: string }[]>();
  put(key: string, body: string): string {
    const id = `v${++this.seq}`;
    this.data.set(key, [{ id, body }, ...(this.data.get(key) ?? [])]);
    return id;
  }
  deleteCurrent(key: string): void {
    this.data.set(key, [{ id: `v${++this.seq}` }, ...(this.data.get(key) ?? [])]);
  }
  async objects(): Promise<FailureObjectEntry[]> {
    return [...this.data.entries()]
      .filter(([, vs]) => vs.length > 0)
      .map(([key, vs]) => ({
        key,
        versions: vs.map((v, i) => ({
          versionId: v.id,
          latest: i === 0,
          deleteMarker: v.body === undefined,
        })),
      }));
  }
  async read(key: string, versionId?: string): Promise<string> {
    const v = this.data.get(key)?.find((x) => x.id === versionId);
    if (v?.body === undefined) throw new Error(`no version ${versionId} of ${key}`);
    return v.body;
  }
  async replace(key: string, body: string, older: FailureObjectVersion[]): Promise<void> {
    this.put(key, body);
    await this.deleteVersions(key, older);
  }
  async deleteVersions(key: string, versions: FailureObjectVersion[]): Promise<void> {
    const ids = new Set(versions.map((v) => v.versionId));
    this.data.set(
      key,
      (this.data.get(key) ?? []).filter((v) => !ids.has(v.id)),
    );
  }
  bodies(key: string): string[] {
    return (this.data.get(key) ?? []).map((v) => v.body ?? '<delete marker>');
  }
}

describe('eraseCtrFailures on a versioned bucket', () => {
  const texts = (body: string) => parseFailureObject(body).records.map((r) => r.text);

  it('rewrites the current version and deletes every older one; an object only theirs goes with all versions', async () => {
    const b = new VersionedBucket();
    b.put('aws/lambda/m/s/a', buildFailureObject([ctr(1, PERSON[0]!)]));
    b.put('aws/lambda/m/s/a', buildFailureObject([ctr(1, PERSON[0]!), ctr(2, '+12065550199')]));
    b.put('aws/lambda/m/s/b', buildFailureObject([ctr(3, PERSON[1]!)]));
    b.put('aws/lambda/m/s/b', buildFailureObject([ctr(3, PERSON[1]!)]));
    const out = await eraseCtrFailures(b, PERSON, { dryRun: false });
    expect(out).toEqual({ records: 2, objects: 2, unreadableRecords: 0, unchecked: [] });
    expect(b.bodies('aws/lambda/m/s/a').map(texts)).toEqual([[ctr(2, '+12065550199')]]);
    expect(b.bodies('aws/lambda/m/s/b')).toEqual([]);
  });

  it('finds the old version a replay move left behind (delete marker on top) and deletes only that version', async () => {
    const b = new VersionedBucket();
    const original = buildFailureObject([ctr(4, PERSON[0]!)]);
    b.put('aws/lambda/m/s/c', original);
    b.deleteCurrent('aws/lambda/m/s/c'); // santral ctr replay: copy to replayed/, then DeleteObject
    b.put('replayed/aws/lambda/m/s/c', original);
    // A key whose current version is someone else's, over an old version that was the person's.
    b.put('aws/lambda/m/s/d', buildFailureObject([ctr(5, PERSON[1]!)]));
    b.put('aws/lambda/m/s/d', buildFailureObject([ctr(6, '+12065550199')]));

    const dry = await eraseCtrFailures(b, PERSON, { dryRun: true });
    expect(dry).toMatchObject({ records: 3, objects: 3 });
    expect(b.bodies('aws/lambda/m/s/c')).toHaveLength(2);

    await eraseCtrFailures(b, PERSON, { dryRun: false });
    expect(b.bodies('aws/lambda/m/s/c')).toEqual(['<delete marker>']);
    expect(b.bodies('replayed/aws/lambda/m/s/c')).toEqual([]);
    expect(b.bodies('aws/lambda/m/s/d').map(texts)).toEqual([[ctr(6, '+12065550199')]]);
    expect(await eraseCtrFailures(b, PERSON, { dryRun: false })).toMatchObject({ records: 0, objects: 0 });
  });
});
