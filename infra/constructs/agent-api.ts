/**
 * The agent API (AGENT-API.md): API Gateway HTTP API with a JWT authorizer (the workspace user pool's issuer,
 * the app client as audience), CORS for the app's origin only, one route per contract route to the
 * agent-api Lambda (functions/agent-api). API Gateway verifies the token (signature, iss, aud/client_id,
 * exp, nbf — https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html);
 * the Lambda reads the verified claims. Least privilege: exact DynamoDB access kinds and the four Connect
 * actions the code calls, on this instance's contacts and agents only.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AGENT_API_ENV, agentApiSettingsFor } from '#shared/agent-api/settings.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { QUEUE_ARNS_ENV } from '#shared/middleware/inbound-settings.ts';
import { ConnectFunction } from './connect-function.ts';
import type { ConnectInstance } from './connect-instance.ts';
import type { DataStores } from './data-stores.ts';
import { acknowledgeWildcards, nagRef } from './nag.ts';
import type { Routing } from './routing.ts';

/**
 * The contract's routes (AGENT-API.md › Routes). The supervisor console's routes are on the same API and
 * authorizer but go to their own function (SUPERVISOR_API_ROUTES, infra/constructs/supervisor-api.ts).
 */
export const AGENT_API_ROUTES: readonly { method: apigw.HttpMethod; path: string }[] = [
  { method: apigw.HttpMethod.GET, path: '/v1/me' },
  { method: apigw.HttpMethod.GET, path: '/v1/contacts/{contactId}/card' },
  { method: apigw.HttpMethod.PUT, path: '/v1/contacts/{contactId}/notes/{noteId}' },
  { method: apigw.HttpMethod.PUT, path: '/v1/contacts/{contactId}/tags' },
  { method: apigw.HttpMethod.PUT, path: '/v1/contacts/{contactId}/wrap-up' },
  { method: apigw.HttpMethod.POST, path: '/v1/contacts/{contactId}/complete' },
  { method: apigw.HttpMethod.POST, path: '/v1/contacts/{contactId}/dnc' },
  { method: apigw.HttpMethod.POST, path: '/v1/contacts/{contactId}/transfer-context' },
  { method: apigw.HttpMethod.POST, path: '/v1/contacts/{contactId}/callback' },
];

export interface AgentApiProps {
  readonly config: ContactCenterConfig;
  readonly data: DataStores;
  readonly instance: ConnectInstance;
  readonly routing: Routing;
  /** The JWT issuer (the user pool) and audience (the app client id). */
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  /** The app's origin (https://…): the only origin CORS allows. */
  readonly appOrigin: string;
}

export class AgentApi extends Construct {
  readonly fn: ConnectFunction;
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly url: string;

  constructor(scope: Construct, id: string, props: AgentApiProps) {
    super(scope, id);
    const { config, data, instance, routing } = props;
    const queueArns = Stack.of(this).toJsonString(
      Object.fromEntries(config.queues.map((q) => [q.name, routing.queueArn(q.name)])),
    );
    this.fn = new ConnectFunction(this, 'Function', {
      name: 'agent-api',
      description: 'Agent workspace API: card, notes, tags, wrap-up, DNC, transfer context, callback',
      timeout: Duration.seconds(10),
      environment: {
        [AGENT_API_ENV]: JSON.stringify(agentApiSettingsFor(config)),
        [QUEUE_ARNS_ENV]: queueArns,
        CONNECT_INSTANCE_ID: instance.instanceId,
      },
    });
    const fn = this.fn.fn;
    // Notes (UpdateItem), tags and wrap-up (UpdateItem), audit and callback requests (PutItem); the card reads
    // the contact, its notes and the caller's history (GetItem, Query on gsi2) and pending callbacks (BatchGetItem).
    data.grantTable('interactions', fn, 'read', 'put', 'update');
    // The caller lookup: one BatchGetItem over customers and dnc.
    data.grantTable('customers', fn, 'get');
    // Do-not-call: appends only (first write wins), never updates or deletes.
    data.grantTable('dnc', fn, 'get', 'append');
    const contacts = `${instance.instanceArn}/contact/*`;
    const agents = `${instance.instanceArn}/agent/*`;
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'connect:DescribeContact',
          'connect:GetContactAttributes',
          'connect:UpdateContactAttributes',
        ],
        resources: [contacts],
      }),
    );
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['connect:DescribeUser'], resources: [agents] }));
    const instanceRef = instance.cfnInstance ? nagRef(instance.cfnInstance) : instance.instanceArn;
    acknowledgeWildcards(
      fn.role ?? fn,
      [`Resource::${instanceRef}/contact/*`, `Resource::${instanceRef}/agent/*`],
      'The agent API reads and updates the contact the caller names (ids known only at run time) and resolves its agent id to a user name; scoped to this instance’s contacts and users.',
    );

    this.api = new apigw.HttpApi(this, 'Api', {
      description: `Santral agent API (${config.stage})`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.appOrigin],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.PUT, apigw.CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
      defaultAuthorizer: new HttpJwtAuthorizer('Jwt', props.jwtIssuer, {
        jwtAudience: [props.jwtAudience],
        identitySource: ['$request.header.Authorization'],
      }),
    });
    const integration = new HttpLambdaIntegration('AgentApi', fn);
    for (const r of AGENT_API_ROUTES) this.api.addRoutes({ path: r.path, methods: [r.method], integration });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    this.url = this.api.apiEndpoint;
  }
}
