/**
 * Registry import in AWS. A Step Functions distributed map runs `stage` once per area-code file of a full
 * registry download (each writes its bitsets), then `commit` switches the manifest once with every staged
 * result; a single file (a change list, a state list) uses `import`. Originals are copied beside the
 * bitsets with their SHA-256 BEFORE the manifest switch (importRegistryFile's `keepOriginal`), so a crash
 * never leaves a copy in force without its original. Malformed, empty, older or shrinking files are rejected
 * with what to do (returned, not thrown); `override` ({rollback?, allowShrink?, reason, by}) lets an older or
 * shrinking full list through, audited in the evidence bucket. `REGISTRY_MAX_SHRINK_FRACTION` is
 * `outbound.registryMaxShrinkFraction` from the config.
 */

import { GetObjectCommand } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { S3RegistryStore } from '#shared/adapters/s3/registry-store.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import {
  commitStagedImports,
  DEFAULT_MAX_SHRINK_FRACTION,
  importRegistryFile,
  isRegistrySource,
  RegistryImportError,
  type StagedImport,
} from '#shared/compliance/registry.ts';
import { REGISTRY_IMPORT_PREFIXES } from '#shared/data/tables.ts';
import { createHandlerLogger, loggedHandler } from '#shared/middleware/logging.ts';

const logger = createHandlerLogger('dnc-import');
const s3 = createS3Client();
const store = new S3RegistryStore(s3);

const maxShrinkFraction = (() => {
  const v = Number(process.env['REGISTRY_MAX_SHRINK_FRACTION']);
  return process.env['REGISTRY_MAX_SHRINK_FRACTION'] && v >= 0 && v <= 1 ? v : DEFAULT_MAX_SHRINK_FRACTION;
})();

const override = z
  .object({
    rollback: z.boolean().optional(),
    allowShrink: z.boolean().optional(),
    reason: z.string().trim().min(1, 'a reason is required (it is audited)'),
    by: z.string().trim().min(1, 'who asks for the override (it is audited)'),
  })
  .strict()
  // null: the state machine's default when its input has no override.
  .nullish();
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
  override,
});
const commitEvent = z.object({
  action: z.literal('commit'),
  source,
  staged: z.array(z.custom<StagedImport>()),
  override,
});
const eventSchema = z.union([fileEvent, commitEvent]);

export const handler = loggedHandler(logger, async (raw: unknown) => {
  const event = eventSchema.parse(raw);
  if (event.action === 'commit') {
    // A file refused at the stage step fails the whole download: its area would silently stay as it was.
    // (`unchanged`: that area file is already in force, e.g. a re-run after a crash past the switch.)
    const isStaged = (s: unknown): s is StagedImport => typeof s === 'object' && s !== null && 'record' in s;
    const refused = event.staged.filter(
      (s) => !isStaged(s) && (s as { status?: string } | null)?.status !== 'unchanged',
    );
    if (refused.length > 0)
      throw new RegistryImportError(
        `${refused.length} of ${event.staged.length} area file(s) of the ${event.source} download were rejected (${refused
          .slice(0, 10)
          .map((r) => {
            const x = r as { file?: string; rule?: string };
            return `${x.file ?? '?'}: ${x.rule ?? 'error'}`;
          })
          .join(', ')}): nothing was switched; fix or replace those files and run the import again`,
      );
    const manifest = await commitStagedImports(
      store,
      event.source,
      event.staged.filter(isStaged),
      new Date(),
      {
        maxShrinkFraction,
        ...(event.override ? { override: event.override } : {}),
      },
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
    maxShrinkFraction,
    ...(event.override ? { override: event.override } : {}),
    keepOriginal: (sha256) =>
      store.keepOriginal(event.source, sha256, { bucket: event.bucket, key: event.key }),
  });
  logger.info('registry file processed', { source: event.source, key: event.key, status: result.status });
  // Staged results flow to the commit step through the map's ResultWriter/ResultSelector.
  return result.status === 'staged'
    ? result.staged
    : {
        status: result.status,
        file: event.key,
        sha256: result.sha256,
        ...('errors' in result
          ? { rule: result.rule, errors: result.errors, errorCount: result.errorCount }
          : {}),
      };
});
