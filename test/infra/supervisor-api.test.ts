/**
 * The supervisor console deployed (infra/constructs/supervisor-api.ts): every route of `supervisorRoutes` is on
 * the agent API's HTTP API, behind its JWT authorizer, integrated with the supervisor-api function (and no
 * agent route is); the function's environment carries the settings slice (small, readable back) and the names
 * it needs; a config whose slice would overflow Lambda's 4 KB environment fails synth. (Its exact permissions:
 * permissions.test.ts.)
 */
import { App, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGENT_API_ROUTES } from '#infra/constructs/agent-api.ts';
import { LAMBDA_ENV_LIMIT } from '#infra/constructs/connect-function.ts';
import { SUPERVISOR_API_ROUTES, SupervisorApi } from '#infra/constructs/supervisor-api.ts';
import { supervisorRoutes } from '#shared/operator/supervisor-routes.ts';
import {
  ERASURE_FUNCTION_ENV,
  readSupervisorSettings,
  SUPERVISOR_API_ENV,
  supervisorSettingsFor,
} from '#shared/operator/supervisor-settings.ts';
import { buildFoundation } from '../support/foundation.ts';
import { exampleConfig, synth } from './support.ts';

type Resource = { Properties: Record<string, unknown> };
const byType = (t: Template, type: string) => Object.entries(t.findResources(type)) as [string, Resource][];

/** The function (logical id) whose POWERTOOLS_SERVICE_NAME is `name`. */
function functionNamed(t: Template, name: string): [string, Resource] {
  const found = byType(t, 'AWS::Lambda::Function').filter(
    ([, r]) =>
      (r.Properties['Environment'] as { Variables?: Record<string, unknown> } | undefined)?.Variables?.[
        'POWERTOOLS_SERVICE_NAME'
      ] === name,
  );
  expect(found, name).toHaveLength(1);
  return found[0]!;
}

describe('SUPERVISOR_API_ROUTES', () => {
  it('is exactly the method + path of every route supervisorRoutes defines (`:param` → `{param}`)', () => {
    // Building the route table touches no port; only the settings are read.
    const routes = supervisorRoutes({
      settings: supervisorSettingsFor(exampleConfig('dev')),
      services: undefined as never,
      report: undefined as never,
      erasure: undefined as never,
      live: undefined as never,
    });
    const defined = routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`).sort();
    expect(defined).toEqual(SUPERVISOR_API_ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(routes.every((r) => r.group === 'supervisor')).toBe(true);
  });
});

describe('supervisor API (dev stack)', () => {
  let template: Template;
  beforeAll(() => {
    template = synth(exampleConfig('dev')).template;
  });

  it('every supervisor route is on the agent API, needs its JWT, and goes to the supervisor-api function', () => {
    const [apiId] = byType(template, 'AWS::ApiGatewayV2::Api')[0]!;
    const [authorizerId] = byType(template, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    const [supervisorFn] = functionNamed(template, 'supervisor-api');
    const [agentFn] = functionNamed(template, 'agent-api');
    const integrations = new Map(
      byType(template, 'AWS::ApiGatewayV2::Integration').map(([id, r]) => [
        id,
        (r.Properties['IntegrationUri'] as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
      ]),
    );
    const target = (r: Resource) =>
      integrations.get(
        (r.Properties['Target'] as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref,
      );
    const routes = new Map(
      byType(template, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties['RouteKey'], r]),
    );
    for (const r of SUPERVISOR_API_ROUTES) {
      const route = routes.get(`${r.method} ${r.path}`);
      expect(route, `${r.method} ${r.path}`).toBeDefined();
      expect(route!.Properties).toMatchObject({
        ApiId: { Ref: apiId },
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
      expect(target(route!), `${r.method} ${r.path}`).toBe(supervisorFn);
    }
    for (const r of AGENT_API_ROUTES) expect(target(routes.get(`${r.method} ${r.path}`)!)).toBe(agentFn);
  });

  it('API Gateway may invoke the supervisor function from this API only', () => {
    const [supervisorFn] = functionNamed(template, 'supervisor-api');
    const [apiId] = byType(template, 'AWS::ApiGatewayV2::Api')[0]!;
    const permissions = byType(template, 'AWS::Lambda::Permission')
      .map(([, r]) => r.Properties)
      .filter((p) => JSON.stringify(p['FunctionName']).includes(supervisorFn));
    expect(permissions.length).toBeGreaterThan(0);
    for (const p of permissions) {
      expect(p).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'apigateway.amazonaws.com' });
      expect(JSON.stringify(p['SourceArn'])).toContain(apiId);
    }
  });

  it('its environment: the settings slice (readable back, small), the erasure function, the instance, the queues', () => {
    const [, fn] = functionNamed(template, 'supervisor-api');
    const vars = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    const settings = readSupervisorSettings({ [SUPERVISOR_API_ENV]: vars[SUPERVISOR_API_ENV] as string });
    expect(settings).toEqual(supervisorSettingsFor(exampleConfig('dev')));
    expect(settings.timeZone).toBe('America/New_York');
    const literal = Object.entries(vars).filter(([, v]) => typeof v === 'string') as [string, string][];
    const bytes = literal.reduce((n, [k, v]) => n + k.length + Buffer.byteLength(v), 0);
    expect(bytes).toBeLessThan(LAMBDA_ENV_LIMIT / 2);
    const [erasureFn] = functionNamed(template, 'erasure');
    expect(vars[ERASURE_FUNCTION_ENV]).toEqual({ Ref: erasureFn });
    expect(Object.keys(vars)).toEqual(
      expect.arrayContaining([
        'CONNECT_INSTANCE_ID',
        'QUEUE_ARNS',
        'CAMPAIGNS_TABLE',
        'DNC_TABLE',
        'EVIDENCE_TABLE',
        'INTERACTIONS_TABLE',
        'AGENTS_TABLE',
      ]),
    );
    // Nothing it was not granted: no customers table, no buckets.
    expect(Object.keys(vars).filter((k) => /^(CUSTOMERS_TABLE|.*_BUCKET)$/.test(k))).toEqual([]);
  });

  it('the agent API’s function keeps no supervisor access: no campaigns, evidence or agents table, no invoke', () => {
    const [, fn] = functionNamed(template, 'agent-api');
    const vars = (fn.Properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
    for (const k of [
      'CAMPAIGNS_TABLE',
      'EVIDENCE_TABLE',
      'AGENTS_TABLE',
      ERASURE_FUNCTION_ENV,
      SUPERVISOR_API_ENV,
    ])
      expect(vars[k], k).toBeUndefined();
  });
});

describe('SupervisorApi at synth', () => {
  it('rejects a config whose environment would overflow Lambda’s 4 KB, saying what to trim', () => {
    const config = exampleConfig('dev');
    const first = config.queues[0]!;
    config.queues = [
      ...config.queues,
      ...Array.from({ length: 20 - config.queues.length }, (_, i) => ({ ...first, name: `Queue${i}` })),
    ];
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const stack = new Stack(app, 'TooBig', { env: { region: 'us-east-1', account: '111122223333' } });
    const { data, instance, routing } = buildFoundation(stack, config);
    const api = new apigw.HttpApi(stack, 'Api');
    const erasure = lambda.Function.fromFunctionName(stack, 'Erasure', 'erasure');
    expect(
      () => new SupervisorApi(stack, 'SupervisorApi', { config, data, instance, routing, api, erasure }),
    ).toThrow(
      /SupervisorApi: the supervisor-api function's environment would be about \d+ bytes .*20 queue ARNs.*Lambda allows 4096\. Fewer queues/,
    );
  });
});
