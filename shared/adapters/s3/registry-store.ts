/**
 * S3 adapter for the registry store (evidence bucket, SSE-KMS in AWS).
 *
 * Object layout:
 * - `registry/<source>/manifest.json`                 the copy in force (RegistryManifest), written last
 * - `registry/<source>/v<version>/<area>.bits.gz`     one gzip'd 10⁷-bit bitset per area code
 * - `registry/<source>/originals/<sha256>`            the original flat file, byte for byte (stored before the
 *                                                     manifest switch that puts it in force)
 * - `registry/<source>/audit/<ISO at>-<sha256 prefix>.json`  who/when/why of an overridden import rule
 *                                                     (`--rollback`, `--allow-shrink`), written before the switch
 * `<source>` is `federal`, `tps` or `state-XX`. Old versions stay until a lifecycle rule expires them, so a
 * verdict's manifest version can be re-read during an audit.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  type AreaEntry,
  type RegistryAuditRecord,
  type RegistryManifest,
  type RegistrySource,
  type RegistryStore,
  RegistryStoreUnavailableError,
} from '../../compliance/registry.ts';
import { bucketName } from '../../data/tables.ts';

const prefixOf = (source: RegistrySource) => `registry/${source.replace(':', '-')}`;

export class S3RegistryStore implements RegistryStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string = bucketName('evidence'),
  ) {}

  async readManifest(source: RegistrySource): Promise<RegistryManifest | undefined> {
    const body = await this.get(`${prefixOf(source)}/manifest.json`, true);
    return body ? (JSON.parse(Buffer.from(body).toString('utf8')) as RegistryManifest) : undefined;
  }

  async writeManifest(manifest: RegistryManifest): Promise<void> {
    await this.put(
      `${prefixOf(manifest.source)}/manifest.json`,
      JSON.stringify(manifest),
      'application/json',
    );
  }

  async readArea(entry: AreaEntry): Promise<Uint8Array> {
    const body = await this.get(entry.key, false);
    return gunzipSync(body!);
  }

  async writeArea(source: RegistrySource, version: number, area: string, bits: Uint8Array): Promise<string> {
    const key = `${prefixOf(source)}/v${version}/${area}.bits.gz`;
    await this.put(key, gzipSync(bits, { level: 1 }), 'application/gzip');
    return key;
  }

  async writeAudit(record: RegistryAuditRecord): Promise<string> {
    const key = `${prefixOf(record.source)}/audit/${record.at}-${record.sha256.slice(0, 16)}.json`;
    await this.put(key, JSON.stringify(record), 'application/json');
    return key;
  }

  /** Is the original of this file kept? (A HEAD request: the original is never read back to check.) */
  async hasOriginal(source: RegistrySource, sha256: string): Promise<boolean> {
    const key = `${prefixOf(source)}/originals/${sha256}`;
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (err) {
      if (err instanceof NotFound || (err as { name?: string }).name === 'NotFound') return false;
      throw new RegistryStoreUnavailableError(`registry read of ${key} failed`, { cause: err });
    }
  }

  /**
   * importRegistryFile's `keepOriginal`: store the original unless it is already kept (idempotent; a re-run
   * after a crash repairs a missing one). `from`: the bytes (or how to read them), or the object in S3.
   */
  async keepOriginal(
    source: RegistrySource,
    sha256: string,
    from: Uint8Array | (() => Uint8Array) | { bucket: string; key: string },
  ): Promise<string> {
    const key = `${prefixOf(source)}/originals/${sha256}`;
    if (await this.hasOriginal(source, sha256)) return key;
    if (from instanceof Uint8Array) return this.putOriginal(source, sha256, from);
    if (typeof from === 'function') return this.putOriginal(source, sha256, from());
    return this.copyOriginal(source, sha256, from);
  }

  /** Keep the original file (uploaded body). */
  async putOriginal(source: RegistrySource, sha256: string, body: Uint8Array): Promise<string> {
    const key = `${prefixOf(source)}/originals/${sha256}`;
    await this.put(key, body, 'text/plain');
    return key;
  }

  /** Keep the original file when it already sits in S3 (the imports bucket). */
  async copyOriginal(
    source: RegistrySource,
    sha256: string,
    from: { bucket: string; key: string },
  ): Promise<string> {
    const key = `${prefixOf(source)}/originals/${sha256}`;
    try {
      await this.s3.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: key,
          CopySource: `${from.bucket}/${from.key.split('/').map(encodeURIComponent).join('/')}`,
        }),
      );
    } catch (err) {
      throw new RegistryStoreUnavailableError(`copy of the original to ${key} failed`, { cause: err });
    }
    return key;
  }

  private async get(key: string, optional: boolean): Promise<Uint8Array | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await out.Body!.transformToByteArray();
    } catch (err) {
      if (optional && (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey'))
        return undefined;
      throw new RegistryStoreUnavailableError(`registry read of ${key} failed`, { cause: err });
    }
  }

  private async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
      );
    } catch (err) {
      throw new RegistryStoreUnavailableError(`registry write of ${key} failed`, { cause: err });
    }
  }
}
