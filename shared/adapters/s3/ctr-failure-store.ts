/**
 * The `ctr-failures` bucket for erasure (shared/interactions/erasure-failures.ts): list every key with all
 * its versions (every prefix: `aws/lambda/…` where Lambda writes and `replayed/…` where `santral ctr replay`
 * moves objects), read a version, rewrite an object and delete versions.
 *
 * The bucket is versioned in AWS: a PutObject keeps the old version (with the number) and a DeleteObject only
 * adds a delete marker, so old versions and markers are deleted by version id. The local emulator (s3rver)
 * has no versioning API (ListObjectVersions is not implemented): there the current objects are listed, a
 * rewrite simply overwrites and a delete removes the object — the same approach as recording-store.ts.
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type {
  CtrFailureStore,
  FailureObjectEntry,
  FailureObjectVersion,
} from '../../interactions/erasure-failures.ts';

const UNSUPPORTED = new Set(['NotImplemented', 'MethodNotAllowed']);

export class S3CtrFailureStore implements CtrFailureStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async objects(): Promise<FailureObjectEntry[]> {
    let entries: FailureObjectEntry[];
    try {
      entries = await this.listVersions();
    } catch (err) {
      if (!UNSUPPORTED.has((err as { name?: string }).name ?? '')) throw err;
      entries = await this.listCurrent();
    }
    return entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async read(key: string, versionId?: string): Promise<string> {
    const out = await this.s3.send(
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(versionId ? { VersionId: versionId } : {}) }),
    );
    return (await out.Body?.transformToString('utf8')) ?? '';
  }

  async replace(key: string, body: string, older: FailureObjectVersion[]): Promise<void> {
    const put = await this.s3.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: 'application/json' }),
    );
    // Without versioning the put replaced the object; with it, every earlier version still holds the records
    // (including a 'null' version written before versioning was enabled: deleted by that id).
    const fresh = put.VersionId;
    if (!fresh) return;
    await this.deleteVersions(
      key,
      older.filter((v) => v.versionId !== undefined && v.versionId !== fresh),
    );
  }

  async deleteVersions(key: string, versions: FailureObjectVersion[]): Promise<void> {
    for (const v of versions) {
      await this.s3.send(
        new DeleteObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(v.versionId ? { VersionId: v.versionId } : {}),
        }),
      );
    }
  }

  private async listVersions(): Promise<FailureObjectEntry[]> {
    const byKey = new Map<string, FailureObjectEntry>();
    const add = (key: string, v: FailureObjectVersion) => {
      const entry = byKey.get(key) ?? { key, versions: [] };
      entry.versions.push(v);
      byKey.set(key, entry);
    };
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectVersionsCommand({
          Bucket: this.bucket,
          ...(keyMarker ? { KeyMarker: keyMarker } : {}),
          ...(versionMarker ? { VersionIdMarker: versionMarker } : {}),
        }),
      );
      const all = [
        ...(page.Versions ?? []).map((v) => ({ ...v, deleteMarker: false })),
        ...(page.DeleteMarkers ?? []).map((v) => ({ ...v, deleteMarker: true })),
      ];
      for (const v of all) {
        if (!v.Key || v.Key.endsWith('/')) continue;
        add(v.Key, {
          ...(v.VersionId ? { versionId: v.VersionId } : {}),
          latest: v.IsLatest === true,
          deleteMarker: v.deleteMarker,
        });
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return [...byKey.values()];
  }

  private async listCurrent(): Promise<FailureObjectEntry[]> {
    const out: FailureObjectEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const o of page.Contents ?? [])
        if (o.Key && !o.Key.endsWith('/'))
          out.push({ key: o.Key, versions: [{ latest: true, deleteMarker: false }] });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }
}
