/**
 * Telephony: claimed phone numbers (retained on delete — claim + release is capped at 200 % of the quota
 * per rolling 180 days) and the custom resource that associates each number with the flow answering it.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as connect from 'aws-cdk-lib/aws-connect';
import { Construct } from 'constructs';
import type { ContactCenterConfig } from '#shared/config/schema.ts';
import { phoneNumberDescription } from '#shared/flows/phone-numbers.ts';
import type { ConnectAssociations } from './connect-associations.ts';
import type { ConnectInstance } from './connect-instance.ts';
import { pascal } from './data-stores.ts';

export interface TelephonyProps {
  config: ContactCenterConfig;
  instance: ConnectInstance;
}

export class Telephony extends Construct {
  readonly phoneNumbers = new Map<string, connect.CfnPhoneNumber>();

  constructor(scope: Construct, id: string, props: TelephonyProps) {
    super(scope, id);
    let previous: connect.CfnPhoneNumber | undefined;
    for (const p of props.config.phoneNumbers) {
      const num = new connect.CfnPhoneNumber(this, `Number${pascal(p.name)}`, {
        targetArn: props.instance.instanceArn,
        countryCode: p.country,
        type: p.type,
        ...(p.prefix ? { prefix: p.prefix } : {}),
        // `flows pull` maps the number back to `${PhoneNumber:<name>}` by the `[santral:<name>]` tag.
        description: phoneNumberDescription(p),
      });
      num.applyRemovalPolicy(RemovalPolicy.RETAIN);
      // One claim at a time: ClaimPhoneNumber is rate limited like every Connect API.
      num.addResourceDependency(previous ?? props.instance.lastStorageConfig);
      previous = num;
      this.phoneNumbers.set(p.name, num);
    }
  }

  phoneNumberArn(name: string): string {
    const n = this.phoneNumbers.get(name);
    if (!n)
      throw new Error(`unknown phone number "${name}"; defined: ${[...this.phoneNumbers.keys()].join(', ')}`);
    return n.attrPhoneNumberArn;
  }

  /** Associate each configured number with the flow that answers it (flow ARNs from the flows construct). */
  associateFlows(
    config: ContactCenterConfig,
    flowArn: (name: string) => string,
    associations: ConnectAssociations,
  ): void {
    for (const p of config.phoneNumbers) {
      associations.phoneNumberFlow(
        `Number${pascal(p.name)}Flow`,
        this.phoneNumberArn(p.name),
        flowArn(p.flow),
      );
    }
  }
}
