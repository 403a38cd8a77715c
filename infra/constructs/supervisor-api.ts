/**
 * The supervisor console's API: every `/v1/supervisor/*` route (SUPERVISOR_API_ROUTES, the routes of
 * shared/operator/supervisor-routes.ts) on the agent API's HTTP API, behind the same JWT authorizer, to a
 * function of its own (functions/supervisor-api). The router checks the `supervisor` group (Cognito's
 * `cognito:groups` claim) on each of them; identity comes only from the verified claims.
 *
 * Separate from agent-api so that agent-api's role stays narrow: only this function may control campaigns,
 * administer the DNC list, read evidence and reports and invoke the erasure function. Least privilege
 * (asserted in test/infra/permissions.test.ts):
 *
 * | resource | access | used by |
 * |---|---|---|
 * | campaigns | read, put, update | status and history (GetItem, Query, gsi1), pause/resume/stop (UpdateItem) and its control record (PutItem) |
 * | evidence | query | evidence by number (gsi1) and by campaign |
 * | dnc | append, scan; DeleteItem on `DNC#…` keys only | add (conditional PutItem, GetItem), list (Scan), remove (audit PutItem, then DeleteItem) |
 * | interactions | put, query | the audit of every call (PutItem), KPI contacts by day (gsi3) |
 * | agents | scan, query | the live view's current states (Scan), the report's quarter hours (gsi1) |
 * | erasure function | lambda:InvokeFunction | erasure requests |
 * | Connect | connect:GetCurrentMetricData on the instance and its queues | the live view |
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { QUEUE_ARNS_ENV } from '#shared/middleware/inbound-settings.ts';
import {
  ERASURE_FUNCTION_ENV,
  SUPERVISOR_API_ENV,
  supervisorSettingsFor,
} from '#shared/operator/supervisor-settings.ts';
import { assertEnvironmentFits, ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import type { DataStores } from './data-stores.ts';
import type { Routing } from './routing.ts';

/** The routes of `supervisorRoutes` (`:param` → `{param}`); test/infra/supervisor-api.test.ts keeps them equal. */
export const SUPERVISOR_API_ROUTES: readonly { method: apigw.HttpMethod; path: string }[] = [
  { method: apigw.HttpMethod.GET, path: '/v1/supervisor/campaigns' },
  { method: apigw.HttpMethod.POST, path: '/v1/supervisor/campaigns/{name}/control' },
  { method: apigw.HttpMethod.POST, path: '/v1/supervisor/campaigns/stop-all' },
  { method: apigw.HttpMethod.GET, path: '/v1/supervisor/evidence/{phone}' },
  { method: apigw.HttpMethod.GET, path: '/v1/supervisor/dnc' },
  { method: apigw.HttpMethod.POST, path: '/v1/supervisor/dnc' },
  { method: apigw.HttpMethod.POST, path: '/v1/supervisor/dnc/{phone}/remove' },
  { method: apigw.HttpMethod.POST, path: '/v1/supervisor/erasures' },
  { method: apigw.HttpMethod.GET, path: '/v1/supervisor/live' },
  { method: apigw.HttpMethod.POST, path: '/v1/supervisor/kpis' },
];

export interface SupervisorApiProps {
  readonly config: ContactCenterConfig;
  readonly data: DataStores;
  readonly instance: ConnectInstance;
  readonly routing: Routing;
  /** The agent API's HTTP API: its default authorizer (the workspace user pool's JWT) guards these routes too. */
  readonly api: apigw.HttpApi;
  /** The stage's erasure function (infra/constructs/interactions.ts), the only function this one may invoke. */
  readonly erasure: lambda.IFunction;
}

export class SupervisorApi extends Construct {
  readonly fn: ConnectFunction;

  constructor(scope: Construct, id: string, props: SupervisorApiProps) {
    super(scope, id);
    const { config, data, instance, routing } = props;
    const settings = { [SUPERVISOR_API_ENV]: JSON.stringify(supervisorSettingsFor(config)) };
    assertEnvironmentFits(
      'SupervisorApi',
      'supervisor-api',
      settings,
      config.queues.length,
      'Fewer queues or routing profiles (or shorter names) in the config.',
    );
    this.fn = new ConnectFunction(this, 'Function', {
      name: 'supervisor-api',
      description:
        'Supervisor console API: campaigns, evidence, DNC admin, erasure, KPI reports, live queues',
      // An answer inside API Gateway's 30 s integration limit.
      timeout: Duration.seconds(29),
      environment: {
        ...settings,
        [QUEUE_ARNS_ENV]: Stack.of(this).toJsonString(
          Object.fromEntries(config.queues.map((q) => [q.name, routing.queueArn(q.name)])),
        ),
        CONNECT_INSTANCE_ID: instance.instanceId,
        [ERASURE_FUNCTION_ENV]: props.erasure.functionName,
      },
    });
    const fn = this.fn.fn;
    data.grantTable('campaigns', fn, 'read', 'put', 'update');
    data.grantTable('evidence', fn, 'query');
    data.grantTable('dnc', fn, 'append', 'scan');
    // A supervisor removes a number (reason required, audited before the delete): DeleteItem on the list's
    // DNC# partitions only — never a consent (CONSENT#, erasure's) — by IAM's dynamodb:LeadingKeys
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html).
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DeleteItem'],
        resources: [data.tables.dnc.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['DNC#*'] } },
      }),
    );
    data.grantTable('interactions', fn, 'put', 'query');
    data.grantTable('agents', fn, 'scan', 'query');
    // The erasure function itself, unqualified (no version or alias: not `:*`).
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.erasure.functionArn] }),
    );
    // Service Authorization Reference, Amazon Connect › GetCurrentMetricData ("retrieve current metric data for
    // queues and routing profiles"; resource types queue / routing-profile, condition keys aws:ResourceTag and
    // connect:InstanceId — https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html):
    // the instance and exactly the configured queues the view asks about, no wildcard (as the route function).
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['connect:GetCurrentMetricData'],
        resources: [instance.instanceArn, ...config.queues.map((q) => routing.queueArn(q.name))],
      }),
    );

    const integration = new HttpLambdaIntegration('SupervisorApi', fn);
    for (const r of SUPERVISOR_API_ROUTES)
      props.api.addRoutes({ path: r.path, methods: [r.method], integration });
  }
}
