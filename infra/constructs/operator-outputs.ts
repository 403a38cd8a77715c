/**
 * Stack outputs for the operator commands: one `CfnOutput` per resource in shared/operator/resources.ts
 * (tables, buckets, functions, the registry import state machine, the Connect instance), so that
 * `santral … --deployed [--stage <name>]` finds the stage's resources with `cloudformation:DescribeStacks`
 * alone. No exports: an export would pin the resources against replacement across stacks.
 */
import { CfnOutput, type Stack } from 'aws-cdk-lib';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { BUCKET_KEYS, TABLE_KEYS } from '#shared/data/tables.ts';
import {
  OPERATOR_FUNCTIONS,
  OPERATOR_STATE_MACHINES,
  type OperatorFunction,
  type OperatorStateMachine,
  OUTPUT_IDS,
} from '#shared/operator/resources.ts';
import type { ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import type { DataStores } from './data-stores.ts';

export interface OperatorOutputsProps {
  readonly data: DataStores;
  readonly instance: ConnectInstance;
  readonly functions: Readonly<Record<OperatorFunction, ConnectFunction>>;
  readonly stateMachines: Readonly<Record<OperatorStateMachine, sfn.IStateMachine>>;
}

/** Outputs at stack level (their logical ids are exactly OUTPUT_IDS, which --deployed reads). */
export function addOperatorOutputs(stack: Stack, props: OperatorOutputsProps): void {
  const out = (id: string, value: string, description: string) =>
    new CfnOutput(stack, id, { value, description });
  for (const k of TABLE_KEYS)
    out(OUTPUT_IDS.table(k), props.data.tables[k].tableName, `DynamoDB table ${k} (santral --deployed)`);
  for (const k of BUCKET_KEYS)
    out(OUTPUT_IDS.bucket(k), props.data.buckets[k].bucketName, `S3 bucket ${k} (santral --deployed)`);
  for (const f of OPERATOR_FUNCTIONS)
    out(OUTPUT_IDS.fn(f), props.functions[f].fn.functionName, `Lambda function ${f} (santral --deployed)`);
  for (const s of OPERATOR_STATE_MACHINES)
    out(
      OUTPUT_IDS.stateMachine(s),
      props.stateMachines[s].stateMachineArn,
      `State machine ${s} (santral --deployed)`,
    );
  out(OUTPUT_IDS.instanceArn, props.instance.instanceArn, 'Amazon Connect instance ARN');
  out(OUTPUT_IDS.instanceId, props.instance.instanceId, 'Amazon Connect instance id');
}
