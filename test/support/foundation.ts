/**
 * The foundation constructs a capability construct sits on (center key, data stores, Connect instance,
 * telephony, routing), built on a test stack the same way infra/stack.ts builds them, so each capability's
 * infra test does not re-declare the wiring.
 */
import type { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ConnectInstance } from '#infra/constructs/connect-instance.ts';
import { DataStores } from '#infra/constructs/data-stores.ts';
import { Routing } from '#infra/constructs/routing.ts';
import { Telephony } from '#infra/constructs/telephony.ts';
import type { ContactCenterConfig } from '#shared/config/schema.ts';

export function buildFoundation(stack: Stack, config: ContactCenterConfig) {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const data = new DataStores(stack, 'Data', { config, key });
  const instance = new ConnectInstance(stack, 'Connect', {
    config,
    key,
    recordingsBucket: data.buckets.recordings,
  });
  const telephony = new Telephony(stack, 'Telephony', { config, instance });
  const routing = new Routing(stack, 'Routing', {
    config,
    instance,
    phoneNumberArn: (name) => telephony.phoneNumberArn(name),
  });
  return { key, data, instance, telephony, routing };
}

export type Foundation = ReturnType<typeof buildFoundation>;
