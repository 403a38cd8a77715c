/**
 * The Santral stack: one contact center from one config. Each capability is its own construct; this file
 * only wires them together (no business logic here).
 */

import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
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
import { Telephony } from './constructs/telephony.ts';

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
    this.routing.addQuickConnects(flowArn, associations);
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
}
