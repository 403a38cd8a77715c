/**
 * Registry import in AWS. A Step Functions distributed map runs `stage` once per area-code file of a full
 * registry download (each writes its bitsets), then `commit` switches the manifest once with every staged
 * result; a single file (a change list, a state list) uses `import`. Originals are copied beside the
 * bitsets with their SHA-256. Malformed files are rejected with line numbers (returned, not thrown).
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import {
  commitStagedImports,
  importRegistryFile,
  isRegistrySource,
  type StagedImport,
} from '#shared/compliance/registry.ts';
import { REGISTRY_IMPORT_PREFIXES } from '#shared/data/tables.ts';

const logger = new Logger({ serviceName: 'dnc-import' });
const s3 = createS3Client();
const store = new S3RegistryStore(s3);

const source = z.string().refine(isRegistrySource, 'expected federal, state:<XX> or tps');
const fileEvent = z.object({
  action: z.enum(['stage', 'import']),
  bucket: z.string().min(1),
  key: z
    .string()
    .min(1)
    .refine(
      (k) => REGISTRY_IMPORT_PREFIXES.some((p) => k.startsWith(p)),
      `expected a key under ${REGISTRY_IMPORT_PREFIXES.join(' or ')} (the only registry files this function may read)`,
    ),
  source,
  versionDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  kind: z.enum(['full', 'change']).default('full'),
  flagColumn: z.number().int().min(1).optional(),
});
const commitEvent = z.object({
  action: z.literal('commit'),
  source,
  staged: z.array(z.custom<StagedImport>()),
});
const eventSchema = z.union([fileEvent, commitEvent]);

export const handler = async (raw: unknown) => {
  const event = eventSchema.parse(raw);
  if (event.action === 'commit') {
    const manifest = await commitStagedImports(
      store,
      event.source,
      event.staged.filter((s) => typeof s === 'object' && s !== null && 'record' in s),
    );
    logger.info('registry committed', { source: event.source, version: manifest.version });
    return { status: 'committed', version: manifest.version, areas: Object.keys(manifest.areas).length };
  }
  const obj = await s3.send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key }));
  const result = await importRegistryFile(store, {
    source: event.source,
    kind: event.kind,
    versionDate: event.versionDate,
    fileName: event.key,
    chunks: obj.Body as AsyncIterable<Uint8Array>,
    commit: event.action === 'import',
    ...(event.flagColumn ? { flagColumn: event.flagColumn } : {}),
  });
  if (result.status === 'imported' || result.status === 'staged')
    await store.copyOriginal(event.source, result.sha256, { bucket: event.bucket, key: event.key });
  logger.info('registry file processed', { source: event.source, key: event.key, status: result.status });
  // Staged results flow to the commit step through the map's ResultWriter/ResultSelector.
  return result.status === 'staged'
    ? result.staged
    : {
        status: result.status,
        sha256: result.sha256,
        ...('errors' in result ? { errors: result.errors, errorCount: result.errorCount } : {}),
      };
};
