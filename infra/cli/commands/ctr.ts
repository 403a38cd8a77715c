/**
 * `santral ctr ingest <file.jsonl>`: CTRs and agent events (one JSON document per line, routed by shape) through
 * their processors into the sandbox (shared/interactions/ingest.ts); `santral agent-events ingest` is the same.
 * `santral ctr replay [--from s3://bucket/prefix | <dir or file>] [--dry-run] [--json]`: CTR batches the
 * Kinesis mapping sent to its S3 on-failure destination, through the same processor (shared/interactions/replay.ts).
 */

import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Command } from 'commander';
import { DynamoAgentStore } from '#shared/adapters/dynamo/agent-store.ts';
import { DynamoCallbackStore } from '#shared/adapters/dynamo/callback-store.ts';
import { DynamoCtrStore } from '#shared/adapters/dynamo/ctr-store.ts';
import { DynamoCustomerStore } from '#shared/adapters/dynamo/customer-store.ts';
import { createDocumentClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { tableName } from '#shared/data/tables.ts';
import { type IngestSummary, ingestLines, jsonLines } from '#shared/interactions/ingest.ts';
import {
  type AcknowledgementReason,
  type FailureObject,
  type FailureSource,
  type ObjectReport,
  replayCtrFailures,
} from '#shared/interactions/replay.ts';
import { openSandbox } from '#shared/interactions/sandbox-access.ts';
import { inputName, readInput } from '../input.ts';
import { DEPLOYED_HELP, withOperatorStage } from '../operator.ts';

interface ProgressBar {
  start(total: number, value: number): void;
  increment(): void;
  stop(): void;
}
// cli-progress ships no type declarations: load it through require with the small surface used here.
const { SingleBar } = createRequire(import.meta.url)('cli-progress') as {
  SingleBar: new (options: Record<string, unknown>) => ProgressBar;
};

export function register(program: Command): void {
  const ctr = program.command('ctr').description('contact trace records');
  ctr
    .command('ingest <file>')
    .description(
      "feed contact records and agent events (JSON Lines, Connect's stream formats, routed by shape) through their processors into the sandbox",
    )
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: { json?: boolean }) => ingestFile(file, o));

  program
    .command('agent-events')
    .description('Amazon Connect agent events')
    .command('ingest <file>')
    .description("feed agent events (JSON Lines, Connect's agent event stream format) into the sandbox")
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, o: { json?: boolean }) => ingestFile(file, o));

  ctr
    .command('replay')
    .description(
      'replay CTR batches from the on-failure bucket (or a local copy) through the CTR processor; replayed objects move to replayed/',
    )
    .option(
      '--from <source>',
      's3://bucket/prefix, a directory or a file (default: s3://<ctr-failures bucket>/aws/lambda/)',
    )
    .option('--dry-run', 'parse and validate only: write nothing, move nothing')
    .option(
      '--acknowledge-invalid',
      'acknowledge records that can never be parsed: apply the rest, move the object to acknowledged/ with the reason beside it',
    )
    .option('--deployed', DEPLOYED_HELP)
    .option('--json', 'print the summary as JSON')
    .action(
      async (o: {
        from?: string;
        dryRun?: boolean;
        acknowledgeInvalid?: boolean;
        deployed?: boolean;
        json?: boolean;
      }) => {
        const bar = new SingleBar({
          stream: process.stderr,
          format: 'ctr replay [{bar}] {value}/{total} objects',
          hideCursor: true,
        });
        const summary = await withOperatorStage(program, o, async (stage) => {
          try {
            const source = failureSource(
              o.from ?? `s3://${stage.resources.buckets['ctr-failures']}/aws/lambda/`,
              stage.s3,
            );
            const table = stage.resources.tables.interactions;
            // As the Lambda: items carry their TTL, and the sticky-agent note is written.
            const store = new DynamoCtrStore(stage.doc, table, {
              retentionDays: stage.config.retention.interactionsDays,
            });
            return await replayCtrFailures(source, store, {
              dryRun: o.dryRun === true,
              acknowledgeInvalid: o.acknowledgeInvalid === true,
              agents: new DynamoCustomerStore(stage.doc, { customers: stage.resources.tables.customers }),
              callbacks: new DynamoCallbackStore(stage.doc, table),
              onStart: (total) => {
                if (!o.json && process.stderr.isTTY) bar.start(total, 0);
              },
              onObject: () => bar.increment(),
            });
          } finally {
            bar.stop();
          }
        });
        if (o.json) console.log(JSON.stringify(summary, null, 2));
        else {
          for (const r of summary.reports) console.log(formatReport(r, summary.dryRun));
          console.log(
            `${summary.objects} objects — ${summary.replayed} ${summary.dryRun ? 'would replay' : 'replayed'}, ${summary.acknowledged} acknowledged, ${summary.failing} still failing, ${summary.unreadable} unreadable; records: ${summary.applied} applied, ${summary.duplicate} duplicates, ${summary.stale} stale, ${summary.failed} failed${summary.skipped ? `, ${summary.skipped} agent events skipped` : ''}${summary.dryRun ? ' (dry run: nothing written or moved)' : ''}`,
          );
        }
        if (summary.failing > 0 || summary.unreadable > 0) process.exitCode = 1;
      },
    );
}

async function ingestFile(file: string, o: { json?: boolean }): Promise<void> {
  // `-` reads the JSON Lines from standard input (messages name it <stdin>).
  const text = (await readInput(file)).toString('utf8');
  file = inputName(file);
  const lines = jsonLines(text);
  const sandbox = await openSandbox();
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'ingest [{bar}] {value}/{total}',
    hideCursor: true,
  });
  if (!o.json && process.stderr.isTTY) bar.start(lines.length, 0);
  let summary: IngestSummary;
  try {
    const doc = createDocumentClient();
    summary = await ingestLines(lines, {
      ctrs: new DynamoCtrStore(doc, tableName('interactions')),
      agents: new DynamoAgentStore(doc, tableName('agents')),
      // As the Lambda: a connected CALLBACK contact clears its pending callback.
      callbacks: new DynamoCallbackStore(doc, tableName('interactions')),
      onLine: () => bar.increment(),
    });
  } finally {
    bar.stop();
    await sandbox.close();
  }
  if (o.json) console.log(JSON.stringify({ file, ...summary }, null, 2));
  else {
    for (const e of summary.errors) console.error(`${file}:${e.line}: ${e.reason}`);
    const agents = summary.agentEvents.records > 0 ? ` (${summary.agentEvents.records} agent events)` : '';
    console.log(
      `${file}: ${summary.records} records${agents} — ${summary.applied} applied, ${summary.duplicates} duplicates, ${summary.stale} stale, ${summary.invalid} invalid`,
    );
  }
  if (summary.invalid > 0) process.exitCode = 1;
}

function formatReport(r: ObjectReport, dryRun: boolean): string {
  if (r.outcome === 'acknowledged') {
    const head = `${dryRun ? 'would acknowledge' : 'acknowledged'} ${r.object} (${r.records} records: ${r.applied} applied, ${r.acknowledgedRecords.length} never parsable)${r.movedTo ? ` → ${r.movedTo}` : ''}`;
    return [
      head,
      ...r.acknowledgedRecords.map(
        (f) => `  record ${f.sequenceNumber}${f.contactId ? ` (ContactId ${f.contactId})` : ''}: ${f.error}`,
      ),
    ].join('\n');
  }
  const head =
    r.outcome === 'replayed'
      ? `${dryRun ? 'would replay' : 'replayed'} ${r.object} (${r.records} records: ${r.applied} applied, ${r.duplicate} duplicates, ${r.stale} stale)${r.movedTo ? ` → ${r.movedTo}` : ''}`
      : `${r.outcome === 'failing' ? 'still failing' : 'unreadable'} ${r.object}${r.condition ? ` [${r.condition}]` : ''}`;
  const lines = r.failures.map(
    (f) => `  record ${f.sequenceNumber}${f.contactId ? ` (ContactId ${f.contactId})` : ''}: ${f.error}`,
  );
  return [head, ...lines].join('\n');
}

/** `s3://bucket/prefix` → the bucket; anything else → a local file or directory. */
export function failureSource(spec: string, s3: S3Client = createS3Client()): FailureSource {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(spec);
  if (m) return new S3FailureSource(s3, m[1]!, m[2] ?? '');
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(spec);
  } catch (err) {
    throw new Error(
      `--from ${spec}: not found (expected s3://bucket/prefix, a directory or a file: ${(err as Error).message})`,
    );
  }
  return new FileFailureSource(resolve(spec), stat.isDirectory());
}

/** Replayed objects are moved under this prefix of the same bucket (outside aws/lambda/, where Lambda writes). */
export const REPLAYED_PREFIX = 'replayed/';
/** Objects with acknowledged never-parsable records go here, each with `<key>.reason.json` beside it. */
export const ACKNOWLEDGED_PREFIX = 'acknowledged/';

/** Failure objects in S3 (the ctr-failures bucket, or a copy). Keys under replayed/ are never listed. */
export class S3FailureSource implements FailureSource {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  async list(): Promise<FailureObject[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          ...(this.prefix ? { Prefix: this.prefix } : {}),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const o of out.Contents ?? []) {
        if (
          o.Key &&
          !o.Key.endsWith('/') &&
          !o.Key.startsWith(REPLAYED_PREFIX) &&
          !o.Key.startsWith(ACKNOWLEDGED_PREFIX)
        )
          keys.push(o.Key);
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys.sort().map((key) => ({
      id: `s3://${this.bucket}/${key}`,
      read: async () => {
        const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
        return (await out.Body?.transformToString('utf8')) ?? '';
      },
    }));
  }

  async markReplayed(object: FailureObject): Promise<string> {
    return this.moveTo(object, REPLAYED_PREFIX);
  }

  async markAcknowledged(object: FailureObject, reason: AcknowledgementReason): Promise<string> {
    const target = await this.moveTo(object, ACKNOWLEDGED_PREFIX);
    const key = target.slice(`s3://${this.bucket}/`.length);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: `${key}.reason.json`,
        Body: `${JSON.stringify(reason, null, 2)}\n`,
        ContentType: 'application/json',
      }),
    );
    return target;
  }

  private async moveTo(object: FailureObject, prefix: string): Promise<string> {
    const key = object.id.slice(`s3://${this.bucket}/`.length);
    const target = `${prefix}${key}`;
    await this.s3.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: target,
        CopySource: `${this.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
      }),
    );
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    return `s3://${this.bucket}/${target}`;
  }
}

/** Failure objects on disk (e.g. after `aws s3 sync`): a file, or every file under a directory but replayed/. */
export class FileFailureSource implements FailureSource {
  constructor(
    private readonly path: string,
    private readonly isDirectory: boolean,
  ) {}

  async list(): Promise<FailureObject[]> {
    const files = this.isDirectory ? walk(this.path) : [this.path];
    return files.sort().map((file) => ({ id: file, read: async () => readFileSync(file, 'utf8') }));
  }

  async markReplayed(object: FailureObject): Promise<string> {
    return this.moveTo(object, 'replayed');
  }

  async markAcknowledged(object: FailureObject, reason: AcknowledgementReason): Promise<string> {
    const target = this.moveTo(object, 'acknowledged');
    writeFileSync(`${target}.reason.json`, `${JSON.stringify(reason, null, 2)}\n`);
    return target;
  }

  private moveTo(object: FailureObject, folder: string): string {
    const target = this.isDirectory
      ? join(this.path, folder, relative(this.path, object.id))
      : join(dirname(object.id), folder, basename(object.id));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(object.id, target);
    return target;
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'replayed' && entry.name !== 'acknowledged') out.push(...walk(full));
    } else if (entry.isFile() && !entry.name.startsWith('.')) out.push(full);
  }
  return out;
}
