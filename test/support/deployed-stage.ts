/**
 * A "deployed" stage for operator tests: the embedded DynamoDB/S3 hold tables and buckets under deployed-looking
 * names, and the stack lookup (CloudFormation DescribeStacks) and the identity (STS GetCallerIdentity) are mocked
 * with aws-sdk-client-mock — the only parts with no emulator. Commands run with `--deployed` then reach exactly
 * these names through the stack outputs, never the sandbox's.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoClient } from '#shared/adapters/dynamo-client.ts';
import { createS3Client } from '#shared/adapters/s3-client.ts';
import { BUCKET_KEYS, TABLE_KEYS } from '#shared/data/tables.ts';
import { createTable } from '#shared/local/embedded.ts';
import {
  OPERATOR_FUNCTIONS,
  OPERATOR_STATE_MACHINES,
  OUTPUT_IDS,
  stackNameForStage,
} from '#shared/operator/resources.ts';

export const DEPLOYED_ACCOUNT = '111122223333';
export const DEPLOYED_ARN = `arn:aws:sts::${DEPLOYED_ACCOUNT}:assumed-role/SantralSupervisor/jane@acme.example`;
export const DEPLOYED_INSTANCE_ID = '0f1e2d3c-4b5a-4697-8877-665544332211';

/** Deployed-looking names: what CloudFormation generates (`Santral-prod-DataCampaignsTable1A2B3C-XYZ`). */
export const deployedTable = (stage: string, key: string) => `Santral-${stage}-Data-${key}-TBL9X`;
export const deployedBucket = (stage: string, key: string) => `santral-${stage}-data-${key}-bkt9x`;

export function stackOutputs(stage: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const k of TABLE_KEYS) outputs[OUTPUT_IDS.table(k)] = deployedTable(stage, k);
  for (const k of BUCKET_KEYS) outputs[OUTPUT_IDS.bucket(k)] = deployedBucket(stage, k);
  for (const f of OPERATOR_FUNCTIONS) outputs[OUTPUT_IDS.fn(f)] = `Santral-${stage}-${f}-FN9X`;
  for (const s of OPERATOR_STATE_MACHINES)
    outputs[OUTPUT_IDS.stateMachine(s)] =
      `arn:aws:states:us-east-1:${DEPLOYED_ACCOUNT}:stateMachine:${s}-SM9X`;
  outputs[OUTPUT_IDS.instanceArn] =
    `arn:aws:connect:us-east-1:${DEPLOYED_ACCOUNT}:instance/${DEPLOYED_INSTANCE_ID}`;
  outputs[OUTPUT_IDS.instanceId] = DEPLOYED_INSTANCE_ID;
  return outputs;
}

/** Create the deployed-named tables and buckets on the running embedded emulators. */
export async function createDeployedStores(stage: string): Promise<void> {
  const dynamo = createDynamoClient();
  const s3 = createS3Client();
  for (const k of TABLE_KEYS) await createTable(dynamo, k, deployedTable(stage, k));
  for (const k of BUCKET_KEYS) {
    try {
      await s3.send(new CreateBucketCommand({ Bucket: deployedBucket(stage, k) }));
    } catch (err) {
      if ((err as Error).name !== 'BucketAlreadyOwnedByYou') throw err;
    }
  }
  dynamo.destroy();
  s3.destroy();
}

/** Mock the stack lookup and the identity; returns the mocks (reset/restore them in the test's hooks). */
export function mockDeployedStage(stage: string, outputs = stackOutputs(stage)) {
  const cloudFormation = mockClient(CloudFormationClient);
  const sts = mockClient(STSClient);
  cloudFormation.on(DescribeStacksCommand, { StackName: stackNameForStage(stage) }).resolves({
    Stacks: [
      {
        StackName: stackNameForStage(stage),
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: new Date('2026-11-01T00:00:00Z'),
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Arn: DEPLOYED_ARN, Account: DEPLOYED_ACCOUNT, UserId: 'AROAEXAMPLE:jane' });
  return { cloudFormation, sts };
}
