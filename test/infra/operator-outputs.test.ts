/** The stack names every resource `santral … --deployed` needs in its outputs (shared/operator/resources.ts). */
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_KEYS } from '#shared/data/tables.ts';
import { OUTPUT_IDS, requiredOutputIds } from '#shared/operator/resources.ts';
import { exampleConfig, synth } from './support.ts';

type Outputs = Record<string, { Value: unknown; Export?: unknown }>;

describe('operator outputs (prod template)', () => {
  let outputs: Outputs;
  let template: Template;
  beforeAll(() => {
    template = synth(exampleConfig('prod')).template;
    outputs = template.toJSON()['Outputs'] as Outputs;
  });

  it('has an output for every resource in the operator manifest, none exported', () => {
    const missing = requiredOutputIds().filter((id) => !(id in outputs));
    expect(missing).toEqual([]);
    for (const id of requiredOutputIds()) expect(outputs[id]?.Export).toBeUndefined();
  });

  it('names each table by a Ref to that very table', () => {
    for (const key of TABLE_KEYS) {
      const value = outputs[OUTPUT_IDS.table(key)]!.Value as { Ref: string };
      const resource = template.toJSON()['Resources'][value.Ref] as { Type: string };
      expect(resource.Type).toBe('AWS::DynamoDB::GlobalTable');
      expect(value.Ref).toMatch(new RegExp(`^Data${key.charAt(0).toUpperCase()}${key.slice(1)}Table`));
    }
  });

  it('names the buckets, the functions and the registry import state machine by their own resources', () => {
    const resources = template.toJSON()['Resources'] as Record<string, { Type: string }>;
    const refType = (id: string) => resources[(outputs[id]!.Value as { Ref: string }).Ref]?.Type;
    expect(refType(OUTPUT_IDS.bucket('ctr-failures'))).toBe('AWS::S3::Bucket');
    expect((outputs[OUTPUT_IDS.bucket('ctr-failures')]!.Value as { Ref: string }).Ref).toMatch(
      /^DataCtrFailuresBucket/,
    );
    expect(refType(OUTPUT_IDS.fn('erasure'))).toBe('AWS::Lambda::Function');
    expect((outputs[OUTPUT_IDS.fn('erasure')]!.Value as { Ref: string }).Ref).toMatch(/^InteractionsErasure/);
    expect((outputs[OUTPUT_IDS.fn('campaign-dialer')]!.Value as { Ref: string }).Ref).toMatch(
      /^OutboundDialer/,
    );
    expect(refType(OUTPUT_IDS.stateMachine('registry-import'))).toBe('AWS::StepFunctions::StateMachine');
    expect(outputs[OUTPUT_IDS.instanceArn]!.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^ConnectInstance/), 'Arn'],
    });
  });
});
