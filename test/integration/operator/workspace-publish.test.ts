/**
 * `santral workspace publish --deployed`: the real command builds the app and publishes it to a deployed-named
 * hosting bucket on the embedded S3 (s3rver), with the config.json the deployed pages read, written from the
 * stack outputs (CloudFormation and STS mocked, as for every --deployed command), then invalidates the
 * distribution (CloudFront mocked: no emulator). Old files are deleted after the new ones are up; the
 * sandbox's own pages never reach the bucket.
 */
import {
  CloudFrontClient,
  CreateInvalidationCommand,
  type CreateInvalidationCommandInput,
} from '@aws-sdk/client-cloudfront';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as workspaceCommands from '#infra/cli/commands/workspace.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { appConfigFor, SANDBOX_ONLY, WorkspaceNotDeployedError } from '#shared/operator/workspace-publish.ts';
import { ENTRIES } from '#workspace/build.ts';
import { runSantral } from '../../support/cli.ts';
import { mockDeployedStage, stackOutputs } from '../../support/deployed-stage.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const BUCKET = 'santral-prod-workspacehosting-bucket9x';
const OUTPUTS = {
  ...stackOutputs('prod'),
  WorkspaceUrl: 'https://d111111abcdef8.cloudfront.net/connect.html',
  WorkspaceBucket: BUCKET,
  WorkspaceDistributionId: 'E2QWRUHAPOMQZL',
  AgentApiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com/',
  WorkspaceUserPoolClientId: '4example5client6id',
  WorkspaceCognitoDomain: 'https://santral-prod-acme-online-store.auth.us-east-1.amazoncognito.com',
};
const santral = (...args: string[]) => runSantral([workspaceCommands], ['--stage', 'prod', ...args]);

async function keys(): Promise<string[]> {
  const r = await createS3Client().send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (r.Contents ?? []).map((o) => o.Key!).sort();
}

describe('santral workspace publish --deployed', () => {
  useEmbeddedAws();
  let stage: ReturnType<typeof mockDeployedStage>;
  const cloudFront = mockClient(CloudFrontClient);
  beforeAll(async () => {
    await createS3Client().send(new CreateBucketCommand({ Bucket: BUCKET }));
  });
  beforeEach(() => {
    stage = mockDeployedStage('prod', OUTPUTS);
    cloudFront.reset();
    cloudFront.on(CreateInvalidationCommand).resolves({
      Invalidation: {
        Id: 'I2J0I21PCUYOIK',
        Status: 'InProgress',
        CreateTime: new Date(),
        InvalidationBatch: undefined,
      },
    });
  });
  afterEach(() => {
    stage.cloudFormation.restore();
    stage.sts.restore();
  });

  it('uploads the deployed pages with config.json last, deletes what the build no longer has, then invalidates', async () => {
    const s3 = createS3Client();
    // What an earlier manual `aws s3 sync workspace/dist` left: an old chunk and the sandbox's agent page.
    for (const Key of ['chunk-OLD12345.js', 'agent.html'])
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'old' }));
    const r = await santral('workspace', 'publish', '--deployed', '--json');
    const report = JSON.parse(r.out) as {
      files: { key: string; contentType: string; cacheControl: string }[];
      stale: string[];
      invalidationId: string;
    };
    expect(report.stale).toEqual(['agent.html', 'chunk-OLD12345.js']);
    expect(report.invalidationId).toBe('I2J0I21PCUYOIK');
    const order = report.files.map((f) => f.key);
    expect(order.at(-1)).toBe('config.json');
    // Pages after every script they load.
    expect(order.indexOf('supervisor.html')).toBeGreaterThan(order.indexOf('supervisor-console.js'));
    const inBucket = await keys();
    for (const page of ['connect.html', 'streams.html', 'supervisor.html', 'config.json', 'workspace.css'])
      expect(inBucket).toContain(page);
    // The sandbox's own pages and entries stay home.
    for (const k of [
      'agent.html',
      'ccp.html',
      'index.html',
      'sandbox-agent.js',
      'ccp-stand-in.js',
      'chunk-OLD12345.js',
    ])
      expect(inBucket).not.toContain(k);
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'supervisor.html' }));
    expect([head.ContentType, head.CacheControl]).toEqual(['text/html; charset=utf-8', 'no-cache']);
    const chunk = report.files.find((f) => /^chunk-.*\.js$/.test(f.key))!;
    expect(chunk.cacheControl).toBe('public, max-age=31536000, immutable');
    const config = JSON.parse(
      await (
        await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'config.json' }))
      ).Body!.transformToString(),
    );
    expect(config).toEqual({
      apiUrl: 'https://abc123.execute-api.us-east-1.amazonaws.com',
      cognito: {
        domain: OUTPUTS.WorkspaceCognitoDomain,
        clientId: OUTPUTS.WorkspaceUserPoolClientId,
        redirectUri: OUTPUTS.WorkspaceUrl,
      },
      quickConnects: expect.arrayContaining([
        { type: 'queue', name: 'Support', label: 'To Support' },
        { type: 'agent', name: 'maria', label: 'To Maria' },
      ]),
      ccpUrl: 'https://acme-online-store.my.connect.aws/ccp-v2/',
      region: 'us-east-1',
    });
    // The external (PHONE_NUMBER) quick connect is not an API transfer target.
    expect(config.quickConnects).toHaveLength(6);
    const calls = cloudFront.commandCalls(CreateInvalidationCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input as CreateInvalidationCommandInput;
    expect(input.DistributionId).toBe('E2QWRUHAPOMQZL');
    expect(input.InvalidationBatch?.Paths).toEqual({ Quantity: 1, Items: ['/*'] });
    expect(r.err).toContain('uploading');
  }, 120_000);

  it('--dry-run says what it would do and changes nothing', async () => {
    const before = await keys();
    const r = await santral('workspace', 'publish', '--deployed', '--dry-run');
    expect(r.out).toMatch(
      /^dry run: \d+ files would go to s3:\/\/santral-prod-workspacehosting-bucket9x\/, \d+ would be deleted; nothing changed/,
    );
    expect(await keys()).toEqual(before);
    expect(cloudFront.commandCalls(CreateInvalidationCommand)).toHaveLength(0);
  }, 120_000);

  it('says the stage has no workspace when the stack has no workspace outputs', async () => {
    stage.cloudFormation.restore();
    stage.sts.restore();
    stage = mockDeployedStage('prod', stackOutputs('prod'));
    await expect(santral('workspace', 'publish', '--deployed')).rejects.toThrow(
      /stack Santral-prod has no output WorkspaceUrl, WorkspaceBucket, .*deployed without the workspace/,
    );
  });

  it('refuses to run without --deployed, saying why', async () => {
    await expect(santral('workspace', 'publish')).rejects.toThrow(/add --deployed/);
  });

  it('publishes every entry of the build or names it as sandbox-only (a new entry cannot be forgotten)', () => {
    // The deployed pages' entries (connect.html, streams.html, supervisor.html); any other entry must be
    // listed as the sandbox's own, or this fails.
    const deployed = new Set(['connect-app', 'streams-page', 'supervisor-console']);
    for (const name of Object.keys(ENTRIES))
      expect(deployed.has(name) !== SANDBOX_ONLY.test(`${name}.js`), name).toBe(true);
    expect(() => appConfigFor(loadStageConfig('prod'), 'Santral-prod', {})).toThrow(
      WorkspaceNotDeployedError,
    );
  });
});
