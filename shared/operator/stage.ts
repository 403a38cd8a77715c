/**
 * Stage resolution for the operator services (CLI commands and the supervisor console): the same ports,
 * either on the local sandbox or on a deployed stage.
 *
 * - sandbox: the embedded DynamoDB/S3 under .santral/ (the opener is injected: shared/ never imports the
 *   sandbox), the local table and bucket names, the OS user as the actor;
 * - deployed (`--deployed [--stage <name>]`): the standard AWS credential chain (AWS_PROFILE, SSO, env,
 *   instance/container roles), the verified identity from STS GetCallerIdentity as the actor (audited as
 *   "who"), and the stage's resources from the stack's outputs (CloudFormation DescribeStacks on
 *   `Santral-<stage>` in the config's region; infra/stack.ts writes one output per resource in
 *   shared/operator/resources.ts). Credential and permission failures become AwsCredentialsError /
 *   AwsAccessDeniedError / StageNotDeployedError, whose message says what to do — never a raw SDK message.
 *
 * Either way the process environment then names the resources exactly as infra names them for the
 * Lambdas (TABLES[k].envVar, BUCKETS[k].envVar), so every adapter resolves the same tables and buckets
 * the deployed functions use; close() restores the previous environment.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { classifyAwsError, StageNotDeployedError } from './aws-errors.ts';
import {
  resourceEnvironment,
  resourcesFromOutputs,
  type StageResources,
  sandboxResources,
  stackNameForStage,
} from './resources.ts';

/** Who performs an operator action (audited). */
export interface Actor {
  /** The verified IAM ARN (deployed) or the OS user (sandbox). */
  id: string;
  kind: 'aws' | 'os';
  account?: string;
}

export interface OperatorStage {
  mode: 'sandbox' | 'deployed';
  stage: string;
  config: ContactCenterConfig;
  resources: StageResources;
  actor: Actor;
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  s3: S3Client;
  /** Options for any further SDK client (Connect, Lambda): the stage's region. */
  clientConfig: { region: string };
  close(): Promise<void>;
}

export interface OpenStageOptions {
  stage: string;
  config: ContactCenterConfig;
  deployed: boolean;
  /** Opens the local sandbox (the CLI passes shared/interactions/sandbox-access.ts's openSandbox). */
  sandbox?: () => Promise<{ close(): Promise<void> }>;
  /** Injected for tests (aws-sdk-client-mock) — otherwise created for the config's region. */
  cloudFormation?: CloudFormationClient;
  sts?: STSClient;
  /** Sandbox actor (default: the OS user). */
  osUser?: string;
}

export async function openOperatorStage(options: OpenStageOptions): Promise<OperatorStage> {
  return options.deployed ? openDeployed(options) : openSandboxStage(options);
}

async function openSandboxStage(options: OpenStageOptions): Promise<OperatorStage> {
  if (!options.sandbox)
    throw new Error('openOperatorStage: the sandbox opener is required without --deployed');
  const sandbox = await options.sandbox();
  const region = process.env['AWS_REGION'] ?? 'us-east-1';
  const resources = sandboxResources(options.stage, region);
  return withClients(
    {
      mode: 'sandbox',
      stage: options.stage,
      config: options.config,
      resources,
      actor: {
        id: options.osUser ?? process.env['USER'] ?? process.env['USERNAME'] ?? 'unknown',
        kind: 'os',
      },
    },
    { region, clients: {}, environment: resourceEnvironment(resources), closing: () => sandbox.close() },
  );
}

/**
 * A stage with its clients: the environment set (restored by close), DynamoDB and S3 clients made with
 * `clients` (the sandbox passes none: the emulators' endpoints come from the environment), `closing` last.
 */
function withClients(
  stage: Pick<OperatorStage, 'mode' | 'stage' | 'config' | 'resources' | 'actor'>,
  o: {
    region: string;
    clients: { region?: string };
    environment: Record<string, string>;
    closing?: () => Promise<void>;
  },
): OperatorStage {
  const restore = applyEnvironment(o.environment);
  const dynamo = createDynamoClient(o.clients);
  const s3 = createS3Client(o.clients);
  return {
    ...stage,
    dynamo,
    doc: createDocumentClient(dynamo),
    s3,
    clientConfig: { region: o.region },
    close: async () => {
      dynamo.destroy();
      s3.destroy();
      restore();
      await o.closing?.();
    },
  };
}

/** The verified identity and the deployed stack's outputs (OutputKey → OutputValue) of a stage. */
export async function readStackOutputs(options: {
  stage: string;
  region: string;
  cloudFormation?: CloudFormationClient;
  sts?: STSClient;
}): Promise<{ actor: Actor; stackName: string; outputs: Record<string, string> }> {
  const { stage, region } = options;
  const sts = options.sts ?? new STSClient({ region });
  const cloudFormation = options.cloudFormation ?? new CloudFormationClient({ region });
  try {
    const actor = await callerIdentity(sts, stage);
    const stackName = stackNameForStage(stage);
    return {
      actor,
      stackName,
      outputs: await stackOutputs(cloudFormation, stackName, { stage, region, actor }),
    };
  } finally {
    if (!options.sts) sts.destroy();
    if (!options.cloudFormation) cloudFormation.destroy();
  }
}

async function openDeployed(options: OpenStageOptions): Promise<OperatorStage> {
  const { stage, config } = options;
  const region = config.region;
  const { actor, stackName, outputs } = await readStackOutputs({
    stage,
    region,
    ...(options.cloudFormation ? { cloudFormation: options.cloudFormation } : {}),
    ...(options.sts ? { sts: options.sts } : {}),
  });
  const resources = resourcesFromOutputs(stage, region, stackName, outputs);
  return withClients(
    { mode: 'deployed', stage, config, resources, actor },
    { region, clients: { region }, environment: { AWS_REGION: region, ...resourceEnvironment(resources) } },
  );
}

/** The verified identity behind the credentials (this is also the credentials check). */
async function callerIdentity(sts: STSClient, stage: string): Promise<Actor> {
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Arn) throw new Error('STS GetCallerIdentity returned no ARN');
    return { id: out.Arn, kind: 'aws', ...(out.Account ? { account: out.Account } : {}) };
  } catch (err) {
    throw classifyAwsError(err, { stage, action: 'sts:GetCallerIdentity' });
  }
}

async function stackOutputs(
  cloudFormation: CloudFormationClient,
  stackName: string,
  context: { stage: string; region: string; actor: Actor },
): Promise<Record<string, string>> {
  try {
    const out = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = out.Stacks?.[0];
    if (!stack) throw new StageNotDeployedError(stackName, context.region, context.actor.account);
    const outputs: Record<string, string> = {};
    for (const o of stack.Outputs ?? [])
      if (o.OutputKey && o.OutputValue) outputs[o.OutputKey] = o.OutputValue;
    return outputs;
  } catch (err) {
    // CloudFormation answers an unknown stack with ValidationError "Stack with id … does not exist".
    if ((err as Error).name === 'ValidationError' && /does not exist/.test((err as Error).message))
      throw new StageNotDeployedError(stackName, context.region, context.actor.account, { cause: err });
    throw classifyAwsError(err, {
      stage: context.stage,
      action: `cloudformation:DescribeStacks on ${stackName}`,
      identity: context.actor.id,
    });
  }
}

function applyEnvironment(values: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  Object.assign(process.env, values);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
