/**
 * S3 side of erasure for the recordings bucket: list and delete every version of an object. The bucket is
 * versioned in AWS, so a plain DeleteObject would only add a delete marker: each version (and marker) is
 * deleted by version id. The local emulator has no versioning API; there the current object is deleted.
 */
import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectVersion, RecordingEraser } from '../../interactions/erasure.ts';

const UNSUPPORTED = new Set(['NotImplemented', 'MethodNotAllowed']);

export class S3RecordingEraser implements RecordingEraser {
  constructor(private readonly s3: S3Client) {}

  async versions(bucket: string, key: string): Promise<ObjectVersion[]> {
    return (await this.list(bucket, key)).filter((v) => v.key === key);
  }

  async related(bucket: string, prefix: string, contactId: string): Promise<ObjectVersion[]> {
    return (await this.list(bucket, prefix)).filter((v) => v.key.includes(contactId));
  }

  async deleteVersions(objects: ObjectVersion[]): Promise<void> {
    for (const o of objects) {
      await this.s3.send(
        new DeleteObjectCommand({
          Bucket: o.bucket,
          Key: o.key,
          ...(o.versionId ? { VersionId: o.versionId } : {}),
        }),
      );
    }
  }

  private async list(bucket: string, prefix: string): Promise<ObjectVersion[]> {
    try {
      return await this.listVersions(bucket, prefix);
    } catch (err) {
      if (!UNSUPPORTED.has((err as { name?: string }).name ?? '')) throw err;
      return this.listCurrent(bucket, prefix);
    }
  }

  private async listVersions(bucket: string, prefix: string): Promise<ObjectVersion[]> {
    const out: ObjectVersion[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: prefix,
          KeyMarker: keyMarker,
          VersionIdMarker: versionMarker,
        }),
      );
      for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (v.Key)
          out.push({
            bucket,
            key: v.Key,
            ...(v.VersionId && v.VersionId !== 'null' ? { versionId: v.VersionId } : {}),
          });
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return out;
  }

  private async listCurrent(bucket: string, prefix: string): Promise<ObjectVersion[]> {
    const out: ObjectVersion[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) if (o.Key) out.push({ bucket, key: o.Key });
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }
}
