import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { InboundFunctions } from '#infra/constructs/inbound-functions.ts';
import { buildFoundation } from '../../support/foundation.ts';
import { demoConfig } from './settings.ts';

/** The inbound construct on the lead's foundation constructs (bundling off, like the infra tests). */
function synthInbound() {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'InboundTest', { env: { region: 'us-east-1', account: '111122223333' } });
  const config = demoConfig();
  const { data, instance, routing } = buildFoundation(stack, config);
  const inbound = new InboundFunctions(stack, 'Inbound', { config, data, instance, routing });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, inbound, template: Template.fromStack(stack) };
}

type Json = Record<string, unknown>;
let built: ReturnType<typeof synthInbound>;
const template = () => built.template;

function fnLogicalId(name: string): string {
  const fn = built.inbound.functions[name as keyof typeof built.inbound.functions].fn;
  return built.stack.getLogicalId(fn.node.defaultChild as never);
}
function policyStatementsOf(name: string): Json[] {
  const roleId = built.stack.getLogicalId(
    built.inbound.functions[name as keyof typeof built.inbound.functions].fn.role!.node.defaultChild as never,
  );
  const policies = template().findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify((p as Json)['Properties']).includes(roleId))
    .flatMap(
      (p) =>
        (p as { Properties: { PolicyDocument: { Statement: Json[] } } }).Properties.PolicyDocument.Statement,
    );
}
const tableRefs = (statements: Json[]) => JSON.stringify(statements.map((s) => s['Resource']));

describe('InboundFunctions construct', () => {
  beforeAll(() => {
    built = synthInbound();
  });

  it('creates the six functions the flows call, each associated with the instance', () => {
    for (const name of ['ivr-lookup', 'route', 'transfer', 'callback', 'survey', 'opt-out']) {
      const fn = template().findResources('AWS::Lambda::Function')[fnLogicalId(name)] as Json;
      expect(fn, name).toBeDefined();
      expect((fn['Properties'] as Json)['Architectures']).toEqual(['arm64']);
    }
    expect(Object.keys(template().findResources('AWS::Connect::IntegrationAssociation'))).toHaveLength(6);
  });

  it('gives each function only its own slice of the config (Lambda environments are ≤ 4 KB)', () => {
    const env = (name: string) =>
      (
        (template().findResources('AWS::Lambda::Function')[fnLogicalId(name)] as Json)['Properties'] as {
          Environment: { Variables: Record<string, unknown> };
        }
      ).Environment.Variables;
    const route = JSON.parse(env('route')['SANTRAL_INBOUND'] as string);
    expect(route.routing.defaultQueue).toBe('General');
    expect(route.transferGuard).toBeUndefined();
    expect(JSON.parse(env('transfer')['SANTRAL_INBOUND'] as string).transferGuard.allowList).toEqual([
      '+12125550147',
    ]);
    expect(env('survey')['SANTRAL_INBOUND']).toBe('{}');
    expect(env('route')['QUEUE_ARNS']).toBeDefined();
    expect(env('ivr-lookup')['QUEUE_ARNS']).toBeUndefined();
    expect(env('ivr-lookup')['CUSTOMERS_TABLE']).toBeDefined();
    expect(env('ivr-lookup')['DNC_TABLE']).toBeDefined();
  });

  it('lets route read live metrics of the instance and its queues only, without wildcards', () => {
    const statement = policyStatementsOf('route').find((s) => s['Action'] === 'connect:GetCurrentMetricData');
    expect(statement).toBeDefined();
    const resources = statement!['Resource'] as unknown[];
    expect(resources).toHaveLength(demoConfig().queues.length + 1);
    expect(JSON.stringify(resources)).not.toContain('*');
  });

  it('grants table access least-privilege: survey touches no DNC, ivr-lookup no interactions, route only customers', () => {
    const survey = tableRefs(policyStatementsOf('survey'));
    expect(survey).toMatch(/Interactions/i);
    expect(survey).not.toMatch(/Dnc/i);
    const lookup = tableRefs(policyStatementsOf('ivr-lookup'));
    expect(lookup).toMatch(/Customers/i);
    expect(lookup).toMatch(/Dnc/i);
    expect(lookup).not.toMatch(/Interactions/i);
    const route = tableRefs(policyStatementsOf('route'));
    expect(route).toMatch(/Customers/i);
    expect(route).not.toMatch(/Interactions|Dnc/i);
  });

  it('reads but cannot write the DNC table from ivr-lookup and callback, nor customers from ivr-lookup', () => {
    const customerWrites = policyStatementsOf('ivr-lookup').filter(
      (s) =>
        /Customers/i.test(JSON.stringify(s['Resource'])) &&
        JSON.stringify(s['Action']).includes('UpdateItem'),
    );
    expect(customerWrites).toHaveLength(0);
    for (const name of ['ivr-lookup', 'callback']) {
      const dncWrites = policyStatementsOf(name).filter(
        (s) => /Dnc/i.test(JSON.stringify(s['Resource'])) && JSON.stringify(s['Action']).includes('PutItem'),
      );
      expect(dncWrites, name).toHaveLength(0);
    }
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged findings', () => {
    expect(() => built.app.synth()).not.toThrow();
  });

  it('lets Connect invoke each function only from this instance and account', () => {
    template().hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [fnLogicalId('opt-out'), 'Arn'] },
      Principal: 'connect.amazonaws.com',
      SourceAccount: '111122223333',
      SourceArn: Match.anyValue(),
    });
  });

  it('rejects at synth a config whose slice would overflow a Lambda environment (4 KB)', () => {
    const config = structuredClone(demoConfig());
    config.hours[0]!.holidays = Array.from({ length: 120 }, (_, i) => ({
      date: `2027-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      name: `Holiday number ${i}`,
    }));
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'TooBig', { env: { region: 'us-east-1', account: '111122223333' } });
    const { data, instance, routing } = buildFoundation(stack, config);
    expect(() => new InboundFunctions(stack, 'Inbound', { config, data, instance, routing })).toThrow(
      /route function's environment would be about \d+ bytes.*4096/,
    );
  });
});
