/**
 * The Santral stack: one contact center from one config. Each capability is its own construct; this file
 * only wires them together (no business logic here).
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { FLOWS_DIR } from '#shared/config/load.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { ConnectAssociations } from './constructs/connect-associations.ts';
import { ConnectFunction } from './constructs/connect-function.ts';
import { ConnectInstance } from './constructs/connect-instance.ts';
import { DataStores, pascal } from './constructs/data-stores.ts';
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

    // capability:inbound

    // capability:interactions

    // capability:outbound

    // capability:flows
    const flowArn = this.createFlows();
    // end capability:flows

    const associations = new ConnectAssociations(this, 'Associations', { instance: this.instance });
    this.routing.addQuickConnects(flowArn, associations);
    this.telephony.associateFlows(config, flowArn, associations);

    new CfnOutput(this, 'InstanceArn', { value: this.instance.instanceArn });
    new CfnOutput(this, 'CtrStreamName', { value: this.instance.ctrStream.streamName });
    new CfnOutput(this, 'RecordingsBucket', { value: this.data.buckets.recordings.bucketName });
  }

  /** Minimal flow deployment (the contact-flows construct replaces it): resolve names, create each flow. */
  private createFlows(): (name: string) => string {
    const lambdas = ConnectFunction.allIn(this);
    const flows = new Map<string, connect.CfnContactFlow>();
    const files = readdirSync(FLOWS_DIR).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      const doc = JSON.parse(readFileSync(join(FLOWS_DIR, file), 'utf8')) as {
        name: string;
        type: string;
        description?: string;
        content: unknown;
      };
      const content = JSON.stringify(doc.content).replace(
        /\$\{(\w+):([^}]+)\}/g,
        (_m, kind: string, name: string) => {
          if (kind === 'Queue') return this.routing.queueArn(name);
          if (kind === 'Hours') return this.routing.hoursArn(name);
          if (kind === 'Lambda') {
            const fn = lambdas.get(name);
            if (!fn) throw new Error(`${file}: unknown Lambda "${name}"`);
            return fn.fn.functionArn;
          }
          throw new Error(`${file}: reference kind ${kind} is not supported yet`);
        },
      );
      const flow = new connect.CfnContactFlow(this, `Flow${pascal(doc.name)}`, {
        instanceArn: this.instance.instanceArn,
        name: doc.name,
        type: doc.type,
        description: doc.description ?? doc.name,
        content,
      });
      flows.set(doc.name, flow);
    }
    return (name: string) => {
      const f = flows.get(name);
      if (!f) throw new Error(`unknown flow "${name}"`);
      return f.attrContactFlowArn;
    };
  }
}
