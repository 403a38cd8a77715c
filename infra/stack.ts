/**
 * The Santral stack: one contact center from one config. Each capability is its own construct; this file
 * only wires them together (no business logic here).
 */

import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { type ContactCenterConfig, instanceAlias, workspaceIdentity } from '#shared/config/schema.ts';
import { AgentApi } from './constructs/agent-api.ts';
import { Agents } from './constructs/agents.ts';
import { Alerts } from './constructs/alerts.ts';
import { ConnectAssociations } from './constructs/connect-associations.ts';
import { ConnectInstance } from './constructs/connect-instance.ts';
import { ContactFlows } from './constructs/contact-flows.ts';
import { DataStores } from './constructs/data-stores.ts';
import { InboundFunctions } from './constructs/inbound-functions.ts';
import { Interactions } from './constructs/interactions.ts';
import { OperationsObservability } from './constructs/observability.ts';
import { addOperatorOutputs } from './constructs/operator-outputs.ts';
import { Outbound } from './constructs/outbound.ts';
import { Routing } from './constructs/routing.ts';
import { SupervisorApi } from './constructs/supervisor-api.ts';
import { Telephony } from './constructs/telephony.ts';
import { WorkspaceHosting, WorkspaceRegistration } from './constructs/workspace-hosting.ts';
import { WorkspaceIdentity } from './constructs/workspace-identity.ts';

export interface SantralStackProps extends StackProps {
  config: ContactCenterConfig;
}

export class SantralStack extends Stack {
  readonly config: ContactCenterConfig;
  readonly key: kms.Key;
  readonly data: DataStores;
  readonly instance: ConnectInstance;
  readonly telephony: Telephony;
  readonly routing: Routing;
  readonly flows: ContactFlows;

  constructor(scope: Construct, id: string, props: SantralStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;

    // One customer-managed key for the center: Connect must use the recordings key for the CTR stream too.
    this.key = new kms.Key(this, 'Key', {
      description: `Santral ${config.name} (${config.stage}): recordings, CTR stream, tables, buckets`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.data = new DataStores(this, 'Data', { config, key: this.key });
    // Who every alarm in the stack notifies (config alerts; required in production).
    new Alerts(this, 'Alerts', { config, key: this.key });
    this.instance = new ConnectInstance(this, 'Connect', {
      config,
      key: this.key,
      recordingsBucket: this.data.buckets.recordings,
    });
    this.telephony = new Telephony(this, 'Telephony', { config, instance: this.instance });
    this.routing = new Routing(this, 'Routing', {
      config,
      instance: this.instance,
      phoneNumberArn: (name) => this.telephony.phoneNumberArn(name),
    });

    // Flow Lambdas first: the flows resolve ${Lambda:name} to the ConnectFunctions that exist at that point.
    const inbound = new InboundFunctions(this, 'Inbound', {
      config,
      data: this.data,
      instance: this.instance,
      routing: this.routing,
    });
    const interactions = new Interactions(this, 'Interactions', {
      config,
      data: this.data,
      instance: this.instance,
    });
    this.flows = new ContactFlows(this, 'Flows', {
      config,
      instance: this.instance,
      routing: this.routing,
      telephony: this.telephony,
    });
    const flowArn = (name: string) => this.flows.flowArn(name);
    const outbound = new Outbound(this, 'Outbound', {
      config,
      data: this.data,
      instance: this.instance,
      routing: this.routing,
      flowArn,
    });

    const associations = new ConnectAssociations(this, 'Associations', {
      instance: this.instance,
      phoneNumberArns: config.phoneNumbers.map((p) => this.telephony.phoneNumberArn(p.name)),
    });
    const agents = this.buildWorkspace(config, interactions.erasure.fn);
    this.routing.addQuickConnects(flowArn, associations, (login) => agents.userArn(login));
    this.telephony.associateFlows(config, flowArn, associations);

    new OperationsObservability(this, 'Operations', {
      config,
      ivrFunctions: Object.values(inbound.functions).map((f) => ({ name: f.name, fn: f.fn })),
      outboundFunctions: [outbound.dialer, outbound.ingest, outbound.dncImport].map((f) => ({
        name: f.name,
        fn: f.fn,
      })),
      registryImport: outbound.registryImport,
    });

    new CfnOutput(this, 'CtrStreamName', { value: this.instance.ctrStream.streamName });
    // What `santral … --deployed` reads (InstanceArn, RecordingsBucket and every other operator resource).
    addOperatorOutputs(this, {
      data: this.data,
      instance: this.instance,
      functions: {
        erasure: interactions.erasure,
        'ctr-processor': interactions.ctrProcessor,
        'campaign-dialer': outbound.dialer,
        'campaign-ingest': outbound.ingest,
        'dnc-import': outbound.dncImport,
      },
      stateMachines: { 'registry-import': outbound.registryImport },
    });
  }

  /**
   * The agent workspace (when config has a `workspace` section): hosting, identity, the agent API and the
   * supervisor console's API on it, the app's registration with the instance; then agents as code (their
   * security profiles grant the app).
   */
  private buildWorkspace(config: ContactCenterConfig, erasure: lambda.IFunction): Agents {
    const identity = workspaceIdentity(config);
    const w = config.workspace;
    let app: { namespace: string; association: WorkspaceRegistration['association'] } | undefined;
    const alias = instanceAlias(config);
    if (w && !alias) {
      // The CSP must name the instance's domains; without the alias the app cannot be hosted safely.
      Annotations.of(this).addWarningV2(
        'santral:workspace-no-alias',
        'workspace: the imported instance has no alias (instance.import.alias), so the workspace app, its API and identity are not built',
      );
    }
    if (w && alias) {
      const domainPrefix = `santral-${config.stage}-${alias}`.slice(0, 63).replace(/-+$/, '');
      const cognitoDomain = `https://${domainPrefix}.auth.${this.region}.amazoncognito.com`;
      const hosting = new WorkspaceHosting(this, 'WorkspaceHosting', {
        workspace: w,
        instanceAlias: alias,
        cognitoDomain,
        accessLogs: this.data.accessLogs,
      });
      const pages = ['connect.html', 'streams.html', 'supervisor.html'].map((p) => `${hosting.origin}/${p}`);
      const users = new WorkspaceIdentity(this, 'WorkspaceIdentity', {
        identity,
        workspace: w,
        agents: config.agents,
        domainPrefix,
        callbackUrls: pages,
        production: config.production,
      });
      const api = new AgentApi(this, 'AgentApi', {
        config,
        data: this.data,
        instance: this.instance,
        routing: this.routing,
        jwtIssuer: users.issuer,
        jwtAudience: users.client.userPoolClientId,
        appOrigin: hosting.origin,
      });
      // The supervisor console's routes: same HTTP API and authorizer, their own function.
      new SupervisorApi(this, 'SupervisorApi', {
        config,
        data: this.data,
        instance: this.instance,
        routing: this.routing,
        api: api.api,
        erasure,
      });
      const registration = new WorkspaceRegistration(this, 'WorkspaceRegistration', {
        workspace: w,
        instance: this.instance,
        accessUrl: pages[0]!,
        stage: config.stage,
      });
      app = { namespace: w.namespace, association: registration.association };
      // What the app's config.json holds (README › Agent workspace › Deploying the app).
      new CfnOutput(this, 'WorkspaceUrl', { value: pages[0]! });
      new CfnOutput(this, 'WorkspaceBucket', { value: hosting.bucket.bucketName });
      new CfnOutput(this, 'WorkspaceDistributionId', { value: hosting.distribution.distributionId });
      new CfnOutput(this, 'AgentApiUrl', { value: api.url });
      new CfnOutput(this, 'WorkspaceUserPoolClientId', { value: users.client.userPoolClientId });
      new CfnOutput(this, 'WorkspaceCognitoDomain', { value: cognitoDomain });
    }
    return new Agents(this, 'Agents', {
      config,
      instance: this.instance,
      routing: this.routing,
      identity,
      key: this.key,
      ...(app ? { workspaceApp: app } : {}),
    });
  }
}
