/**
 * The whole Santral stack: every repo flow is deployed with real references (the inbound Lambdas, the
 * routing resources, the other flows) and no `${Kind:name}` placeholder reaches the template.
 * (cdk-nag is left to test/infra: this test is about flow resolution only.)
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { SantralStack } from '#infra/stack.ts';
import { loadStageConfig } from '#shared/config/load.ts';
import { loadAllFlows } from '#shared/flows/model.ts';

describe('SantralStack flows', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new SantralStack(app, 'Santral-test', {
    config: loadStageConfig('dev'),
    env: { region: 'us-east-1' },
  });
  const template = Template.fromStack(stack);
  // Flows and flow modules (AWS::Connect::ContactFlowModule), by name.
  const flows = {
    ...template.findResources('AWS::Connect::ContactFlow'),
    ...template.findResources('AWS::Connect::ContactFlowModule'),
  };
  const byName = new Map(Object.entries(flows).map(([id, r]) => [r['Properties'].Name as string, { id, r }]));

  it('deploys every flow file, MODULE files as flow modules', () => {
    expect([...byName.keys()].sort()).toEqual(loadAllFlows().map((f) => f.name));
    for (const f of loadAllFlows())
      expect(byName.get(f.name)!.r['Type'], f.name).toBe(
        f.type === 'MODULE' ? 'AWS::Connect::ContactFlowModule' : 'AWS::Connect::ContactFlow',
      );
  });

  it('leaves no ${Kind:name} placeholder in any flow', () => {
    for (const { r } of byName.values())
      expect(JSON.stringify(r['Properties'].Content)).not.toMatch(
        /\$\{(Lambda|Queue|Flow|Hours|Prompt|QuickConnect|PhoneNumber|Module):/,
      );
  });

  it('points the flows at the inbound Lambdas and creates their Connect integrations first', () => {
    const { r } = byName.get('inbound-main')!;
    const content = JSON.stringify(r['Properties'].Content);
    for (const fn of ['IvrLookup', 'Route', 'Callback'])
      expect(content).toMatch(new RegExp(`"Fn::GetAtt":\\["Inbound${fn}Function[0-9A-F]+","Arn"\\]`, 'i'));
    const integrations = Object.keys(template.findResources('AWS::Connect::IntegrationAssociation'));
    const dependsOn = (r['DependsOn'] ?? []) as string[];
    expect(dependsOn.filter((d) => integrations.includes(d)).length).toBeGreaterThanOrEqual(3);
  });

  it('associates the main number with inbound-main through flowArn', () => {
    template.hasResourceProperties('Custom::PhoneNumberContactFlow', {
      ContactFlowArn: { 'Fn::GetAtt': [byName.get('inbound-main')!.id, 'ContactFlowArn'] },
    });
  });
});
