/**
 * Stage resolution (shared/operator/stage.ts): the deployed path reads the stack's outputs and works on those
 * tables and buckets (embedded DynamoDB/S3 under deployed names; the stack lookup and STS mocked), and every
 * credential or permission failure is an error that says what to do.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCampaignStore } from '#shared/adapters/dynamo/campaign-store.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { tableName } from '#shared/data/tables.ts';
import {
  AwsAccessDeniedError,
  AwsCredentialsError,
  StageNotDeployedError,
} from '#shared/operator/aws-errors.ts';
import { OUTPUT_IDS, StageResourcesIncompleteError } from '#shared/operator/resources.ts';
import { openOperatorStage } from '#shared/operator/stage.ts';
import {
  createDeployedStores,
  DEPLOYED_ACCOUNT,
  DEPLOYED_ARN,
  DEPLOYED_INSTANCE_ID,
  deployedBucket,
  deployedTable,
  mockDeployedStage,
  stackOutputs,
} from '../../support/deployed-stage.ts';
import { useEmbeddedAws } from '../../support/embedded-aws.ts';

const config = loadStageConfig('prod');
const open = () => openOperatorStage({ stage: 'prod', config, deployed: true });

describe('openOperatorStage --deployed', () => {
  useEmbeddedAws();
  let mocks: ReturnType<typeof mockDeployedStage> | undefined;
  beforeAll(async () => {
    await createDeployedStores('prod');
  });
  afterEach(() => {
    mocks?.cloudFormation.restore();
    mocks?.sts.restore();
    mocks = undefined;
  });

  it('finds the stage’s tables, buckets, functions and instance from the stack outputs, and the verified identity', async () => {
    mocks = mockDeployedStage('prod');
    const stage = await open();
    try {
      expect(stage.mode).toBe('deployed');
      expect(stage.actor).toEqual({ id: DEPLOYED_ARN, kind: 'aws', account: DEPLOYED_ACCOUNT });
      expect(stage.resources).toMatchObject({
        source: 'stack',
        stackName: 'Santral-prod',
        region: config.region,
        tables: { campaigns: deployedTable('prod', 'campaigns') },
        buckets: { 'ctr-failures': deployedBucket('prod', 'ctr-failures') },
        functions: { erasure: 'Santral-prod-erasure-FN9X' },
        instance: { id: DEPLOYED_INSTANCE_ID },
      });
      expect(mocks.cloudFormation.commandCalls(DescribeStacksCommand)[0]!.args[0].input).toEqual({
        StackName: 'Santral-prod',
      });
    } finally {
      await stage.close();
    }
  });

  it('points the adapters at the deployed tables while open (the Lambdas’ variables), and restores them on close', async () => {
    mocks = mockDeployedStage('prod');
    const before = process.env['CAMPAIGNS_TABLE'];
    const stage = await open();
    try {
      expect(tableName('campaigns')).toBe(deployedTable('prod', 'campaigns'));
      // An adapter with its default table name writes into the deployed table, read back by its name.
      await new DynamoCampaignStore(stage.doc).putCampaign({
        name: 'spring',
        status: 'active',
        contactFlow: 'outbound-whisper',
        queue: 'Sales',
        callerIds: ['+12065550900'],
        policy: {},
        createdAt: '2026-11-30T10:00:00.000Z',
      });
      const read = await new DynamoCampaignStore(stage.doc, deployedTable('prod', 'campaigns')).getCampaign(
        'spring',
      );
      expect(read?.status).toBe('active');
    } finally {
      await stage.close();
    }
    expect(process.env['CAMPAIGNS_TABLE']).toBe(before);
  });

  it('a stack without the operator outputs (an older deploy) names the missing outputs and what to do', async () => {
    const outputs = stackOutputs('prod');
    delete outputs[OUTPUT_IDS.table('evidence')];
    delete outputs[OUTPUT_IDS.fn('erasure')];
    mocks = mockDeployedStage('prod', outputs);
    const err = await open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StageResourcesIncompleteError);
    expect((err as Error).message).toBe(
      'stack Santral-prod has no outputs EvidenceTable, ErasureFunction: it was deployed by an older Santral; deploy this version first (npx cdk deploy -c stage=…)',
    );
  });

  it('a stage that is not deployed in that account says which stack, region and account were searched', async () => {
    mocks = mockDeployedStage('prod');
    mocks.cloudFormation
      .on(DescribeStacksCommand)
      .rejects(
        Object.assign(new Error('Stack with id Santral-prod does not exist'), { name: 'ValidationError' }),
      );
    const err = await open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StageNotDeployedError);
    expect((err as Error).message).toBe(
      `stack Santral-prod is not deployed in ${config.region} of account ${DEPLOYED_ACCOUNT}: check --stage and AWS_PROFILE (the account), or deploy it (npx cdk deploy -c stage=…)`,
    );
  });

  it('an identity without cloudformation:DescribeStacks is told so, by its ARN', async () => {
    mocks = mockDeployedStage('prod');
    mocks.cloudFormation
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error('User: … is not authorized'), { name: 'AccessDenied' }));
    const err = await open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsAccessDeniedError);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^${DEPLOYED_ARN.replace(/[/.]/g, '\\$&')} may not cloudformation:DescribeStacks on Santral-prod`,
      ),
    );
  });

  it('expired session credentials: says to sign in again, not the SDK’s words', async () => {
    mocks = mockDeployedStage('prod');
    mocks.sts.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('The security token included in the request is expired'), {
        name: 'ExpiredToken',
      }),
    );
    const err = await open().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCredentialsError);
    expect((err as AwsCredentialsError).problem).toBe('expired');
    expect((err as Error).message).toMatch(/have expired\. Choose the account's profile with AWS_PROFILE=/);
    expect((err as Error).message).not.toMatch(/security token included/);
  });
});

describe('openOperatorStage --deployed without any credentials (the real credential chain)', () => {
  const vars = [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_CONFIG_FILE',
    'AWS_EC2_METADATA_DISABLED',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_ROLE_ARN',
  ];
  const saved = new Map<string, string | undefined>();
  beforeAll(() => {
    for (const v of vars) saved.set(v, process.env[v]);
    for (const v of vars) delete process.env[v];
    // Nothing to find anywhere: no files, no instance metadata (no network wait), no container endpoint.
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = '/nonexistent/santral-test/credentials';
    process.env['AWS_CONFIG_FILE'] = '/nonexistent/santral-test/config';
    process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  });
  afterAll(() => {
    for (const [v, value] of saved) {
      if (value === undefined) delete process.env[v];
      else process.env[v] = value;
    }
  });

  it('the SDK’s CredentialsProviderError becomes: set AWS_PROFILE, run aws sso login', async () => {
    const cloudFormation = mockClient(CloudFormationClient);
    try {
      const err = await openOperatorStage({
        stage: 'prod',
        config,
        deployed: true,
        sts: new STSClient({ region: config.region, maxAttempts: 1 }),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsCredentialsError);
      expect((err as AwsCredentialsError).cause).toMatchObject({ name: 'CredentialsProviderError' });
      expect((err as Error).message).toBe(
        '--deployed (stage prod): no AWS credentials found. Choose the account’s profile with AWS_PROFILE=<profile> (export AWS_PROFILE=… or prefix the command), sign in with `aws sso login --profile <profile>` when the profile uses IAM Identity Center, or set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY(/AWS_SESSION_TOKEN); check with `aws sts get-caller-identity`.'.replace(
          '’',
          "'",
        ),
      );
      expect(cloudFormation.calls()).toHaveLength(0);
    } finally {
      cloudFormation.restore();
    }
  });

  it('a named profile that does not exist is named in the advice', async () => {
    process.env['AWS_PROFILE'] = 'acme-prod';
    try {
      const err = await openOperatorStage({
        stage: 'prod',
        config,
        deployed: true,
        sts: new STSClient({ region: config.region, maxAttempts: 1 }),
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsCredentialsError);
      expect((err as Error).message).toMatch(
        /^--deployed \(stage prod\): no AWS credentials found for profile "acme-prod"\./,
      );
      expect((err as Error).message).toContain('aws sso login --profile acme-prod');
    } finally {
      delete process.env['AWS_PROFILE'];
    }
  });
});
