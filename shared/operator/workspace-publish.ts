/**
 * `santral workspace publish --deployed`: put the built app (agent workspace, Streams page, supervisor console)
 * into the stage's hosting bucket with the `config.json` the pages read, written from the stack outputs, and
 * invalidate the CloudFront distribution — what README › Agent workspace › Deploying the app otherwise asks an
 * admin to do by hand (`aws s3 sync … --delete`, a hand-written config.json, `create-invalidation`).
 *
 * Order: every asset first, the pages next, `config.json` last, then the keys the new build no longer has are
 * deleted, then the invalidation — a page never points at a chunk that is not there yet. Chunks carry a
 * content hash in their name (`chunk-<HASH>.js`, workspace/build.ts) and are cached for a year; pages, entry
 * scripts and config.json are `no-cache` (revalidated on every load).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { type CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type ContactCenterConfig, instanceAlias } from '#shared/config/schema.ts';
import { classifyAwsError } from './aws-errors.ts';

/** The stack outputs the app needs (infra/stack.ts writes them when the config has a workspace). */
export const WORKSPACE_OUTPUTS = [
  'WorkspaceUrl',
  'WorkspaceBucket',
  'WorkspaceDistributionId',
  'AgentApiUrl',
  'WorkspaceUserPoolClientId',
  'WorkspaceCognitoDomain',
] as const;

export class WorkspaceNotDeployedError extends Error {
  override readonly name = 'WorkspaceNotDeployedError';
  constructor(
    readonly stackName: string,
    readonly missing: readonly string[],
  ) {
    super(
      `stack ${stackName} has no output ${missing.join(', ')}: the stage was deployed without the workspace (config \`workspace\`; an imported instance also needs instance.import.alias) or by an older Santral — deploy it first (npx cdk deploy -c stage=…)`,
    );
  }
}

/** `config.json` as the deployed pages read it (workspace/src/entries/deployed.ts › DeployedConfig). */
export interface AppConfigFile {
  apiUrl: string;
  cognito: { domain: string; clientId: string; redirectUri: string };
  quickConnects: { type: 'queue' | 'agent'; name: string; label: string }[];
  ccpUrl?: string;
  region: string;
}

/** The app's config.json from the stack outputs and the config (quick connects, the instance's CCP). */
export function appConfigFor(
  config: ContactCenterConfig,
  stackName: string,
  outputs: Readonly<Record<string, string>>,
): AppConfigFile {
  const missing = WORKSPACE_OUTPUTS.filter((k) => !outputs[k]);
  if (missing.length > 0) throw new WorkspaceNotDeployedError(stackName, missing);
  const alias = instanceAlias(config);
  const quickConnects: AppConfigFile['quickConnects'] = [];
  for (const qc of config.quickConnects) {
    if (qc.type === 'QUEUE') quickConnects.push({ type: 'queue', name: qc.queue, label: qc.name });
    else if (qc.type === 'USER') quickConnects.push({ type: 'agent', name: qc.agent, label: qc.name });
  }
  return {
    apiUrl: outputs['AgentApiUrl']!.replace(/\/+$/, ''),
    cognito: {
      domain: outputs['WorkspaceCognitoDomain']!,
      clientId: outputs['WorkspaceUserPoolClientId']!,
      redirectUri: outputs['WorkspaceUrl']!,
    },
    quickConnects,
    ...(alias ? { ccpUrl: `https://${alias}.my.connect.aws/ccp-v2/` } : {}),
    region: config.region,
  };
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
  woff2: 'font/woff2',
};
const HASHED = /(^|\/)chunk-[A-Z0-9]{8,}\.js$/;
const NO_CACHE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface PublishFile {
  key: string;
  contentType: string;
  cacheControl: string;
  bytes: number;
}

export interface PublishReport {
  bucket: string;
  distributionId: string;
  dryRun: boolean;
  /** In upload order (assets, pages, config.json last). */
  files: PublishFile[];
  /** Keys in the bucket the new build no longer has (deleted unless dry run). */
  stale: string[];
  invalidationId?: string;
  appConfig: AppConfigFile;
}

export interface PublishInput {
  distDir: string;
  bucket: string;
  distributionId: string;
  appConfig: AppConfigFile;
  dryRun: boolean;
  stage: string;
  /** One line per step (the CLI prints them on stderr). */
  progress?: (line: string) => void;
  /** CloudFront's CallerReference (unique per invalidation); default: the time. */
  callerReference?: string;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/**
 * What only the local sandbox serves (its index, the sandbox agent page and the CCP stand-in, and their entry
 * scripts): not published. The deployed pages are connect.html, streams.html and supervisor.html.
 */
export const SANDBOX_ONLY = /^(index\.html|agent\.html|ccp\.html|(sandbox-agent|ccp-stand-in)\.js(\.map)?)$/;

const rank = (key: string) => (key === 'config.json' ? 2 : key.endsWith('.html') ? 1 : 0);

export async function publishWorkspace(
  deps: { s3: S3Client; cloudFront: CloudFrontClient },
  input: PublishInput,
): Promise<PublishReport> {
  const { bucket, distributionId, stage } = input;
  const say = input.progress ?? (() => {});
  const aws = async <T>(action: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw classifyAwsError(err, { stage, action });
    }
  };
  const bodies = new Map<string, Buffer>();
  for (const path of filesUnder(input.distDir)) {
    const key = relative(input.distDir, path).split(sep).join('/');
    // The build has no config.json of its own; a stray one would be overwritten below anyway.
    if (key !== 'config.json' && !SANDBOX_ONLY.test(key)) bodies.set(key, readFileSync(path));
  }
  if (![...bodies.keys()].some((k) => k.endsWith('.html')))
    throw new Error(`${input.distDir} has no pages (*.html): build the app first (npm run build:workspace)`);
  bodies.set('config.json', Buffer.from(`${JSON.stringify(input.appConfig, null, 2)}\n`));
  const files: PublishFile[] = [...bodies.entries()]
    .map(([key, body]) => ({
      key,
      contentType: TYPES[key.split('.').pop() ?? ''] ?? 'application/octet-stream',
      cacheControl: HASHED.test(key) ? IMMUTABLE : NO_CACHE,
      bytes: body.length,
    }))
    .sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));

  const existing: string[] = [];
  let token: string | undefined;
  do {
    const page = await aws(`s3:ListBucket on ${bucket}`, () =>
      deps.s3.send(
        new ListObjectsV2Command({ Bucket: bucket, ...(token ? { ContinuationToken: token } : {}) }),
      ),
    );
    for (const o of page.Contents ?? []) if (o.Key) existing.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const stale = existing.filter((k) => !bodies.has(k)).sort();
  const report: PublishReport = {
    bucket,
    distributionId,
    dryRun: input.dryRun,
    files,
    stale,
    appConfig: input.appConfig,
  };
  if (input.dryRun) {
    say(`dry run: would upload ${files.length} files to s3://${bucket}/ and delete ${stale.length}`);
    return report;
  }

  say(`uploading ${files.length} files to s3://${bucket}/ (pages and config.json last)`);
  let done = 0;
  for (const f of files) {
    await aws(`s3:PutObject on ${bucket}/${f.key}`, () =>
      deps.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: f.key,
          Body: bodies.get(f.key),
          ContentType: f.contentType,
          CacheControl: f.cacheControl,
        }),
      ),
    );
    done++;
    if (done % 10 === 0 && done < files.length) say(`  ${done}/${files.length}`);
  }
  for (let i = 0; i < stale.length; i += 1000) {
    const batch = stale.slice(i, i + 1000);
    say(`deleting ${batch.length} file(s) the new build no longer has`);
    const out = await aws(`s3:DeleteObject on ${bucket}`, () =>
      deps.s3.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      ),
    );
    if (out.Errors && out.Errors.length > 0)
      throw new Error(
        `s3://${bucket}: ${out.Errors.length} old file(s) could not be deleted (${out.Errors.map((e) => `${e.Key}: ${e.Code}`).join(', ')}); the new app is uploaded, run publish again`,
      );
  }
  say(`invalidating CloudFront distribution ${distributionId} (/*)`);
  const inv = await aws(`cloudfront:CreateInvalidation on ${distributionId}`, () =>
    deps.cloudFront.send(
      new CreateInvalidationCommand({
        DistributionId: distributionId,
        InvalidationBatch: {
          CallerReference: input.callerReference ?? `santral-publish-${Date.now()}`,
          Paths: { Quantity: 1, Items: ['/*'] },
        },
      }),
    ),
  );
  if (inv.Invalidation?.Id) report.invalidationId = inv.Invalidation.Id;
  return report;
}
