/** Outbound infra: the dialer schedule, least-privilege Connect permissions, the registry distributed map. */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleConfig, synth } from './support.ts';

describe('outbound infrastructure', () => {
  let template: Template;
  beforeAll(() => {
    template = synth(exampleConfig('dev')).template;
  });

  const dialer = () => {
    const fns = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('Outbound campaign dialer') },
    });
    const [id, fn] = Object.entries(fns)[0]!;
    return { id, fn: fn as { Properties: Record<string, unknown> } };
  };

  it('runs the dialer every minute with reserved concurrency 1 and the outbound settings', () => {
    const { id, fn } = dialer();
    expect(fn.Properties['ReservedConcurrentExecutions']).toBe(1);
    const env = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(JSON.parse(env['OUTBOUND_SETTINGS'] as string)).toMatchObject({
      perNumberPerDay: 2,
      registryMaxAgeDays: 31,
    });
    expect(env['CAMPAIGNS_TABLE']).toBeDefined();
    expect(env['EVIDENCE_TABLE']).toBeDefined();
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: Match.arrayWith([Match.objectLike({ Arn: { 'Fn::GetAtt': [id, 'Arn'] } })]),
    });
  });

  it('lets the dialer start outbound contacts and read queue metrics on this instance only, and read (not write) the DNC list', () => {
    const { fn } = dialer();
    const roleId = (fn.Properties['Role'] as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: Match.arrayWith([{ Ref: roleId }]) },
    });
    const statements = Object.values(policies).flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } })
          .Properties.PolicyDocument.Statement,
    );
    const start = statements.find((s) =>
      JSON.stringify(s.Action).includes('connect:StartOutboundVoiceContact'),
    );
    expect(JSON.stringify(start?.Resource)).toMatch(/contact\/\*/);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions).toContain('connect:GetCurrentMetricData');
    expect(actions).not.toContain('connect:*');
  });

  it('imports a full registry with a Step Functions distributed map over the area-code files, then one commit', () => {
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(
      Object.values(machines).map((m) => (m as { Properties: unknown }).Properties),
    );
    expect(definition).toContain('DISTRIBUTED');
    expect(definition).toContain('registry-downloads/');
    expect(definition).toContain('CommitManifest');
    // An optional audited override in the input reaches the commit (null when the input has none).
    expect(definition).toContain('States.JsonMerge($.defaults, $, false)');
    expect(definition).toContain('\\"override.$\\":\\"$.override\\"');
  });

  it('gives dnc-import the shrink limit from outbound.registryMaxShrinkFraction', () => {
    const fns = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^DNC registry import') },
    });
    const [fn] = Object.values(fns) as {
      Properties: { Environment: { Variables: Record<string, unknown> } };
    }[];
    expect(fn!.Properties.Environment.Variables['REGISTRY_MAX_SHRINK_FRACTION']).toBe('0.2');
  });
});
